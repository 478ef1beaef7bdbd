import './BrandMark.css';

/** The product's square seal-like mark with 合. */
export function BrandMark({ size = 'small' }: { size?: 'small' | 'large' }) {
  return (
    <span className={`brand-mark brand-mark--${size}`} aria-hidden="true">
      合
    </span>
  );
}
