// Building an Intl.NumberFormat is costly (toLocaleString builds one on every call): keep one per precision.
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let f = formats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, f);
  }
  return f;
}

/** Display of a figure in its unit: "88.0%", "1,204", "5.6 / 7", "£12,500", "3.5 days". */
export function formatValue(
  value: number | null,
  m: { valueType: string; decimals: number; scaleMax?: string | number | null },
): string {
  if (value === null) return "—";
  const fixed = numberFormat(m.decimals).format(value);
  switch (m.valueType) {
    case "percent":
      return `${fixed}%`;
    case "score":
      return m.scaleMax != null ? `${fixed} / ${Number(m.scaleMax)}` : fixed;
    case "currency":
      return `£${fixed}`;
    case "days":
      return `${fixed} days`;
    default:
      return fixed;
  }
}
