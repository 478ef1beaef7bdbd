import './BureauTag.css';

/** Props of {@link BureauTag}. */
export interface BureauTagProps {
  name: string;
  /** Bureau colour for the marker dot; neutral when absent. */
  color?: string | undefined;
  /** Highlights the signed-in user's own bureau. */
  own?: boolean;
}

/** A bureau's name with its colour marker. */
export function BureauTag({ name, color, own = false }: BureauTagProps) {
  return (
    <span className={own ? 'bureau-tag bureau-tag--own' : 'bureau-tag'}>
      <span className="bureau-tag__dot" style={color ? { background: color } : undefined} aria-hidden="true" />
      {name}
    </span>
  );
}
