/** Display of a figure in its unit: "88.0%", "1,204", "5.6 / 7", "£12,500", "3.5 days". */
export function formatValue(
  value: number | null,
  m: { valueType: string; decimals: number; scaleMax?: string | number | null },
): string {
  if (value === null) return "—";
  const fixed = value.toLocaleString("en-GB", { minimumFractionDigits: m.decimals, maximumFractionDigits: m.decimals });
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
