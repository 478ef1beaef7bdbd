/** Props of {@link PlaceholderButton}. */
export interface PlaceholderButtonProps {
  /** Unfilled data placeholders (X, XX, X%, X亿元 …). */
  count: number;
  /** Goes to the next one. */
  onNext: () => void;
  /** The block's class: `${className}` and, while some are open, `${className}--open`. */
  className: string;
  testId: string;
  /** Said before the count, e.g. 全文 for the whole report. */
  scope?: string;
}

/** N 处待填数据 (disabled: 数据已填全); each click selects the next unfilled placeholder. */
export function PlaceholderButton({ count, onNext, className, testId, scope = '' }: PlaceholderButtonProps) {
  const open = count > 0;
  return (
    <button
      type="button"
      className={open ? `${className} ${className}--open` : className}
      data-testid={testId}
      data-count={count}
      onClick={onNext}
      disabled={!open}
      title={open ? `点击依次定位${scope}未填写的数据（X）` : `${scope}没有未填写的数据`}
    >
      {open ? `${scope ? `${scope} ` : ''}${count} 处待填数据` : `${scope}数据已填全`}
    </button>
  );
}
