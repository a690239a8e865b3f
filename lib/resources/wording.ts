/**
 * How the resources pages put figures into words (pure, client-safe). The money rules themselves
 * are in ./rules.ts; this file only words and rounds for display.
 */
import { formatThousands, PENCE_PER_THOUSAND } from "./rules";

/** Pence in £0.1 million: the step "£1.2m" is rounded to. */
const PENCE_PER_TENTH_MILLION = 100 * PENCE_PER_THOUSAND;

/**
 * "£1.2m", "£20m", "£0.5m": pence rounded to the nearest £0.1 million for a sentence (half away
 * from zero, in integers), a trailing ".0" dropped. Tables keep £'000 (formatThousands).
 */
export function formatMillions(pence: number): string {
  const sign = pence < 0 ? "−" : "";
  const abs = Math.abs(pence);
  const tenths = Math.floor(abs / PENCE_PER_TENTH_MILLION);
  const rounded = (abs - tenths * PENCE_PER_TENTH_MILLION) * 2 >= PENCE_PER_TENTH_MILLION ? tenths + 1 : tenths;
  const whole = Math.floor(rounded / 10);
  const tenth = rounded % 10;
  return `${sign}£${whole.toLocaleString("en-GB")}${tenth ? `.${tenth}` : ""}m`;
}

/** "COO's contribution £1.2m of the Government's £20m" (the efficiencies' headline). */
export function contributionSentence(departmentShortName: string, contributionPence: number, governmentPence: number): string {
  return `${departmentShortName}'s contribution ${formatMillions(contributionPence)} of the Government's ${formatMillions(governmentPence)}`;
}

const pct = (n: number) => `${Math.abs(n).toLocaleString("en-GB", { maximumFractionDigits: 2 })}%`;

function gapClause(gapPct: number, measure: "median" | "mean", short: boolean): string {
  if (gapPct === 0) return `no gap at the ${measure}`;
  const [more, less] = gapPct > 0 ? ["men", "women"] : ["women", "men"];
  return `${more} paid ${pct(gapPct)} more${short ? "" : ` than ${less}`} at the ${measure}`;
}

/**
 * The gender pay gap in words, median first. The gap is the UK Government's: how much more men are
 * paid than women as a % of men's pay, negative when women are paid more. The second clause leaves
 * out "than …" once the first has said who is compared with whom:
 * (1.8, −0.2) → "men paid 1.8% more than women at the median; women paid 0.2% more at the mean".
 */
export function payGapSentence(medianGapPct: number, meanGapPct: number): string {
  const first = gapClause(medianGapPct, "median", false);
  return `${first}; ${gapClause(meanGapPct, "mean", medianGapPct !== 0)}`;
}

/**
 * A volume measure's name as the thing one unit of cost buys: "IT calls logged" → "IT call logged",
 * "Requests received by Commercial Services" → "request received by Commercial Services". The first
 * plural word (ending in "s", not "ss") is made singular; a name without one is kept as it is.
 */
export function singularVolume(name: string): string {
  const words = name.split(" ");
  const i = words.findIndex((w) => /^[A-Za-z]+[^sS]s$/.test(w) && w !== w.toUpperCase());
  if (i >= 0) words[i] = words[i]!.slice(0, -1);
  const out = words.join(" ");
  // Lower-case the first letter unless it starts an acronym ("IT").
  return /^[A-Z][a-z]/.test(out) ? out[0]!.toLowerCase() + out.slice(1) : out;
}

/** "cost per IT call logged" for a volume measure's name. */
export function unitCostLabel(volumeName: string): string {
  return `cost per ${singularVolume(volumeName)}`;
}

/** "(actual net expenditure ÷ IT calls logged)": how the unit cost is worked out. */
export function unitCostBasis(volumeName: string): string {
  const lower = /^[A-Z][a-z]/.test(volumeName) ? volumeName[0]!.toLowerCase() + volumeName.slice(1) : volumeName;
  return `actual net expenditure ÷ ${lower}`;
}

/** A variance in £'000 with its sign: "+1,234", "−567", "0" (forecast − budget). */
export function signedThousands(pence: number): string {
  const rounded = formatThousands(Math.abs(pence));
  if (rounded === "0") return "0";
  return `${pence > 0 ? "+" : "−"}${rounded}`;
}

/** "overspend" / "underspend" / "" for a variance, for the words beside a status. */
export function varianceWord(pence: number | null): string {
  if (pence === null || pence === 0) return "";
  return pence > 0 ? "overspend" : "underspend";
}
