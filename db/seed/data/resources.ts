/**
 * Resources: the COO Business Plan 2021's "Our financial context" and "Our people" sections, as
 * written. Money in £'000 as the plan gives it (the seed converts to pence exactly); years as the
 * plan gives them (the seed shifts them like every other date). Customer and Local Services' reply
 * to the PAC gives no financial or workforce figures, so CLS has none: its resources page says so.
 *
 * Where the plan gives no figure the data says it is a demo value: the age-band and
 * length-of-service breakdowns (charts only in the plan), and the monthly actuals, forecasts and
 * workforce months (generated in db/seed/resources.ts around these budgets).
 */

/** "Departmental Service Analysis - Chief Operating Office", 2021. */
export interface SeedServiceBudget {
  unitSlug: string; // "coo" is the COO Directorate line (the department's own budget)
  year: number;
  income: number;
  del: number;
  nonCash: number;
  fte: number;
}

export const serviceBudgets: SeedServiceBudget[] = [
  { unitSlug: "coo", year: 2021, income: 0, del: 558, nonCash: 0, fte: 4 },
  { unitSlug: "commercial", year: 2021, income: 10, del: 4_511, nonCash: 70, fte: 14 },
  { unitSlug: "md", year: 2021, income: 1_019, del: 20_720, nonCash: 182, fte: 165 },
  { unitSlug: "pcs", year: 2021, income: 0, del: 11_878, nonCash: 407, fte: 107 },
];

/** The plan's "Net Revenue Expenditure" total row, which the seed checks the lines against. */
export const serviceBudgetTotals = { income: 1_029, del: 37_667, nearCash: 36_638, nonCash: 659, total: 37_297, fte: 290 };

export interface SeedFundingLine {
  kind: "growth" | "capital";
  ref: string | null;
  name: string;
  source: string;
  cspPriority: string | null;
  subPriority: string | null;
  minister: string | null;
  allocation: number;
  leadUnitSlug: string | null;
  /** Titles of the initiatives (db/seed/data/initiatives.ts) the line pays for. */
  initiativeTitles: string[];
  year: number;
}

const MG = "Modernising Government";
const MIPS = "A modern, innovative public sector";
const CM = "Chief Minister";
const TR = "Minister for Treasury and Resources";

/**
 * "Government Plan 2020 Growth" (seven programmes, 20,242), "Government Plan 2021 Growth"
 * (O13-15, 2,500) and "Government Plan 2021 Capital" (25,770). The growth references are the
 * plan's own ("GP20-013-xx"; the initiatives table writes the same programmes "GP20-OI3-xx").
 * GP20-013-01 Building Revenue Jersey Team funds Revenue Jersey work outside COO's own plan, so it
 * is linked to no COO initiative (a break the golden thread shows). Capital lines carry the CSP
 * column ("O13") as their reference.
 */
export const fundingLines: SeedFundingLine[] = [
  {
    kind: "growth", ref: "GP20-013-01", name: "Building Revenue Jersey Team", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: CM, allocation: 1_140, leadUnitSlug: null, initiativeTitles: [], year: 2021,
  },
  {
    kind: "growth", ref: "GP20-013-02", name: "Commercial Services - enhanced capabilities", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: TR, allocation: 1_450, leadUnitSlug: "commercial", year: 2021,
    initiativeTitles: [
      "Commercial Services: enhanced capabilities (Enhancing Social Value)",
      "Commercial Services: enhanced capabilities (Delivering enhanced compliance with the Public Finances Manual)",
      "Commercial Services: enhanced capabilities (Consolidated One-Gov category planning.)",
      "Commercial Services: enhanced capabilities (Modernising Public sector through increased control of 3rd party spend)",
    ],
  },
  {
    kind: "growth", ref: "GP20-013-09", name: "Modernisation and Digital - enhanced capabilities", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: CM, allocation: 5_000, leadUnitSlug: "md", year: 2021,
    initiativeTitles: [
      "M&D – Target Operating Model",
      "M&D – Enhanced Capability – Business Architecture",
      "M&D – Enhanced Capability – Information Governance",
      "M&D – Enhanced Capability – IT service support",
      "M&D – Enhanced Capability – CPMO",
      "M&D – Enhanced Capability – Change Delivery",
    ],
  },
  {
    kind: "growth", ref: "GP20-013-10", name: "People and Corporate Services - enhanced capabilities", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: CM, allocation: 7_700, leadUnitSlug: "pcs", year: 2021,
    initiativeTitles: [
      "P&CS – Enhanced Capabilities: Stabilise (Case Management)",
      "P&CS Enhance Capabilities: Stabilise - (Resourcing)",
      "P&CS – Stabilise - Systems",
      "P&CS – Respond to deficiencies – C&AG",
      "P&CS – Respond to Deficiencies – Business Continuity Planning",
      "P&CS - Respond to Deficiencies – Business",
      "P&CS – Respond to Deficiencies - Resources",
    ],
  },
  {
    kind: "growth", ref: "GP20-013-12", name: "Supply Jersey Maintenance, Licencing and Procure to Pay analysis", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: TR, allocation: 133, leadUnitSlug: "commercial", year: 2021,
    initiativeTitles: ["Supply Jersey Maintenance, Licencing and Procure to Pay analysis"],
  },
  {
    kind: "growth", ref: "GP20-013-13", name: "Supporting One Gov - Team Jersey (HR/OD strategic partner)", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: CM, allocation: 252, leadUnitSlug: "pcs", year: 2021,
    initiativeTitles: ["Supporting OneGov - Team Jersey", "Supporting OneGov - Team Jersey (HR / OD Strategic Partner)"],
  },
  {
    kind: "growth", ref: "GP20-013-14", name: "Technology Transformation Programme", source: "Government Plan 2020 growth",
    cspPriority: MG, subPriority: MIPS, minister: CM, allocation: 4_567, leadUnitSlug: "md", year: 2021,
    initiativeTitles: [
      "Technology Transformation Programme in delivery (Cyber)",
      "Technology Transformation Programme in delivery (MS Foundations)",
      "Technology Transformation Programme in design (Integrated Technology Solution - ITS)",
    ],
  },
  {
    kind: "growth", ref: "O13-15", name: "Commercial Services Restructure", source: "Government Plan 2021 growth",
    cspPriority: MG, subPriority: MIPS, minister: "Minister for Treasury & Resources", allocation: 2_500, leadUnitSlug: "commercial", year: 2021,
    initiativeTitles: ["Commercial Services Restructure"],
  },
  ...(
    [
      ["MS Foundation (Major Project)", 2_570, ["Technology Transformation Programme in delivery (MS Foundations)"]],
      ["Integrated Tech Solution (Major Project)", 9_200, ["Technology Transformation Programme in design (Integrated Technology Solution - ITS)"]],
      ["Replacement assets", 5_000, ["M&D – Asset Replacement & Simplification in delivery"]],
      ["Electronic Document Management Solution", 500, []],
      ["Cyber (Major Project)", 6_500, ["Technology Transformation Programme in delivery (Cyber)"]],
      ["IT for Migration Services", 1_000, []],
      ["Service Digitisation", 1_000, []],
    ] as const
  ).map(
    ([name, allocation, titles]): SeedFundingLine => ({
      kind: "capital", ref: "O13", name, source: "Information Technology", cspPriority: MG, subPriority: null, minister: null,
      allocation, leadUnitSlug: "md", initiativeTitles: [...titles], year: 2021,
    }),
  ),
];

export const fundingTotals = { growth2020: 20_242, growth2021: 2_500, capital: 25_770 };

export interface SeedEfficiency {
  scope: "departmental" | "cross_cutting";
  programme: string | null;
  title: string;
  recurring: boolean;
  type: "spend_reduction" | "income";
  budgetType: "staff" | "non_staff" | "income";
  minister: string | null;
  target: number;
  leadUnitSlug: string | null;
  year: number;
}

/**
 * "Efficiencies and rebalancing measures in 2021": the department's £1.2m towards the
 * Government's £20m, and the cross-cutting programmes' COO lines (the plan gives those in pounds:
 * 116,600 = 116.6 here). The plan does not say whether the three departmental measures reduce
 * staff or non-staff budgets: M&D's OneGov principles and the governance boards' support are
 * recorded as staff, the print contract as non-staff (a reading of the text, not a figure).
 */
export const efficiencies: SeedEfficiency[] = [
  { scope: "departmental", programme: null, title: "Continued application of OneGov principles to provision of Modernisation and Digital services", recurring: true, type: "spend_reduction", budgetType: "staff", minister: null, target: 900, leadUnitSlug: "md", year: 2021 },
  { scope: "departmental", programme: null, title: "Merge support for governance Boards (P&CS to lead)", recurring: true, type: "spend_reduction", budgetType: "staff", minister: null, target: 200, leadUnitSlug: "pcs", year: 2021 },
  { scope: "departmental", programme: null, title: "Review corporate print contract (CS to lead)", recurring: true, type: "spend_reduction", budgetType: "non_staff", minister: null, target: 100, leadUnitSlug: "commercial", year: 2021 },
  ...(
    [
      ["Efficient commercial operations", "Additional recharging to capital schemes", 500, "income", "income"],
      ["Efficient commercial operations", "Reprofiling of capital expenditure plans", 300, "spend_reduction", "non_staff"],
      ["Efficient commercial operations", "Contract efficiency", 310, "spend_reduction", "non_staff"],
      ["Efficient commercial operations", "Contract efficiency - tactical opportunities (day to day spend)", 90, "spend_reduction", "non_staff"],
      ["Efficient organisational structures", "Business support review", 59, "spend_reduction", "staff"],
      ["Modern and efficient workforce", "More effective management of sickness", 30, "spend_reduction", "staff"],
      ["Modern and efficient workforce", "Reduction in avoidable overtime pay", 26.3, "spend_reduction", "staff"],
      ["Modern and efficient workforce", "Reduction in the use of agency staff", 116.6, "spend_reduction", "staff"],
      ["Modern and efficient workforce", "Reduction in the use of fixed-term contracting staff", 83.3, "spend_reduction", "staff"],
      ["Modern and efficient workforce", "Voluntary redundancy and early retirement", 8.2, "spend_reduction", "staff"],
    ] as const
  ).map(
    ([programme, title, target, type, budgetType]): SeedEfficiency => ({
      scope: "cross_cutting", programme, title, recurring: true, type, budgetType, minister: "Chief Minister", target, leadUnitSlug: null, year: 2021,
    }),
  ),
];

/** "In 2021 the department's contribution towards the Government's £20 million objective is £1.2m." */
export const governmentEfficiencyTarget = { year: 2021, target: 20_000, note: "Government Plan 2020-23: £20 million of efficiencies and rebalancing measures in 2021." };
export const departmentEfficiencyContribution = 1_200;

/** "In 2020 COO employed 177 people … 55% men | 45% women", as of 30 June 2020 (the pay-gap date). */
export const workforceProfile = {
  departmentSlug: "coo",
  asOf: "2020-06-30",
  sex: [
    { band: "Men", headcount: 97, demoValue: false },
    { band: "Women", headcount: 80, demoValue: false },
  ],
  // Demo values: the plan shows "Employees by age group" and "by Length of Service" only as charts.
  ageBand: [
    { band: "Under 25", headcount: 7 },
    { band: "25–34", headcount: 36 },
    { band: "35–44", headcount: 47 },
    { band: "45–54", headcount: 51 },
    { band: "55–64", headcount: 32 },
    { band: "65 and over", headcount: 4 },
  ],
  lengthOfService: [
    { band: "Under 1 year", headcount: 29 },
    { band: "1–2 years", headcount: 23 },
    { band: "2–5 years", headcount: 40 },
    { band: "5–10 years", headcount: 29 },
    { band: "10–20 years", headcount: 33 },
    { band: "20 years and over", headcount: 23 },
  ],
};

/** "At the median men are paid 1.8% more than women, but the mean … is 0.2% less" (30 June 2020). */
export const genderPayGap = {
  departmentSlug: "coo",
  asOf: "2020-06-30",
  medianGapPct: 1.8,
  meanGapPct: -0.2,
  source: "COO Business Plan 2021, Equality and Inclusion (UK Government definition, as of 30 June 2020)",
};
