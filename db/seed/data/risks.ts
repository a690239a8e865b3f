import type { SeedRisk } from "./types";

/**
 * Risk register entries. Scores are likelihood × impact (1–5 each), banded
 * Low 1–4, Medium 5–9, High 10–16, Very High 20–25.
 *
 * CLS: the three risks "on the CLS risk log rated High after mitigation" from the reply to the
 * PAC (2 July 2021). The letter's one-line definition is the event; cause and impact are drawn out
 * of it and the rest of the letter. Mitigations are the letter's wording. Ratings, owners and
 * dates are demo values consistent with "High after mitigation".
 *
 * COO: risks the COO Business Plan 2021 text supports (inflationary pressures on contracts,
 * emerging COVID-19 risks, cyber security, ITS delivery, recruitment to the TOMs, end of the BREXIT
 * transition). Mitigations are taken from the plan's own actions; ratings are demo values.
 */
export const risks: SeedRisk[] = [
  // =====================================================================================
  // Customer and Local Services
  // =====================================================================================
  {
    ref: "CLS-R01",
    unitSlug: "cls",
    title: "Resource Management and Retention",
    cause:
      "Competition for skilled staff, unfilled vacancies, sickness absence and very busy business-as-usual commitments in teams with high customer demand.",
    event: "CLS may not be able to utilise, recruit or retain sufficient skilled resources.",
    impact: "CLS is unable to provide services within SLA.",
    category: "People",
    owner: "Director General, Customer and Local Services",
    inherent: { likelihood: 4, impact: 5 },
    residual: { likelihood: 3, impact: 4 },
    appetite: 8,
    isPublic: true,
    mitigations: [
      {
        description: "SLT regularly meet to review and act on all Organisational Development topics",
        owner: "CLS Senior Leadership Team",
        status: "in_progress",
      },
      {
        description: "Regular monitoring of sickness levels & causes",
        owner: "CLS Head of Operations",
        status: "in_progress",
      },
      {
        description: "Colleague retention group established",
        owner: "Chair, CLS colleague retention group",
        dueDate: "2021-03-31",
        status: "complete",
      },
      {
        description: "Team Jersey attendance",
        owner: "CLS Team Jersey lead",
        status: "in_progress",
      },
      {
        description: "MCMG roll out",
        owner: "CLS Senior Leadership Team",
        dueDate: "2021-12-31",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "CLS-R02",
    unitSlug: "cls",
    title: "Information Governance",
    cause:
      "CLS holds large volumes of customers' personal data on ageing IT business support systems, depends on third-party suppliers and faces a rising cyber threat.",
    event: "CLS may lose or not be able to access customer data or key business systems.",
    impact:
      "Customers cannot be served or paid on time; a breach of data protection law leading to regulatory action and loss of customers' trust.",
    category: "Information",
    owner: "Director General, Customer and Local Services",
    inherent: { likelihood: 4, impact: 5 },
    residual: { likelihood: 2, impact: 5 },
    appetite: 5,
    isPublic: true,
    mitigations: [
      {
        description: "Proactive support of corporate cyber security programme",
        owner: "CLS Head of Business Systems",
        status: "in_progress",
      },
      {
        description: "Staff training & awareness",
        owner: "CLS Data Protection lead",
        status: "in_progress",
      },
      {
        description: "Strong focus on GDPR compliance for all existing and new data flows using privacy by design",
        owner: "CLS Data Protection lead",
        status: "in_progress",
      },
      {
        description: "Cyber accreditation required for all suppliers",
        owner: "CLS Head of Business Systems",
        dueDate: "2021-12-31",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "CLS-R03",
    unitSlug: "cls",
    title: "Incoming Services",
    cause:
      "Services transferred into CLS from other departments arrive with their own processes, systems and controls.",
    event: "Governance of services recently integrated into CLS may fall short of accepted standards.",
    impact:
      "Control weaknesses and audit findings, inconsistent service for customers of the transferred services and damage to the department's reputation.",
    category: "Governance",
    owner: "Director General, Customer and Local Services",
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 4 },
    appetite: 9,
    isPublic: true,
    mitigations: [
      {
        description: "Full risk assessment and application of due diligence carried out prior to transfer",
        owner: "CLS Senior Leadership Team",
        status: "complete",
      },
      {
        description: "Process reviews undertaken post transfer",
        owner: "CLS Business Improvement Manager",
        dueDate: "2021-09-30",
        status: "in_progress",
      },
      {
        description:
          "Project set up to ensure CLS integration of people, process and tools aspects of the service carried out",
        owner: "CLS Change Project Manager",
        dueDate: "2021-12-31",
        status: "in_progress",
      },
    ],
  },

  // =====================================================================================
  // Chief Operating Office
  // =====================================================================================
  {
    ref: "COO-R01",
    unitSlug: "commercial",
    title: "Management of inflationary pressures",
    cause: "Price inflation and indexation on centrally held contracts.",
    event: "The COO is required to pay increased costs for contracts.",
    impact: "Either a budget overspend or the need to make cuts elsewhere.",
    category: "Financial",
    owner: "Director, Commercial Services",
    inherent: { likelihood: 3, impact: 3 },
    residual: { likelihood: 2, impact: 3 },
    appetite: 9,
    isPublic: true,
    mitigations: [
      {
        description: "Ensuring robust contract management",
        owner: "Director, Commercial Services",
        status: "in_progress",
      },
      {
        description: "Budgeting of known inflationary pressures (further mitigated by low prevailing rates of inflation)",
        owner: "COO Finance Business Partner",
        dueDate: "2021-01-31",
        status: "complete",
      },
    ],
  },
  {
    ref: "COO-R02",
    unitSlug: "coo",
    title: "Emerging risks from the COVID-19 pandemic",
    cause: "The impact of the COVID-19 pandemic is likely to be felt across government for some time.",
    event: "Risks in COO and the departments it supports that have not yet surfaced emerge during 2021 or beyond.",
    impact:
      "Significant impact on the current plans of COO; re-prioritisation of programmes and re-phasing of major projects while COO continues to support front-line departments.",
    category: "Operational",
    owner: "Director General, Chief Operating Office",
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 4 },
    appetite: 9,
    isPublic: true,
    mitigations: [
      {
        description: "Plans reviewed on a continuous basis and re-assessed as these risks emerge",
        owner: "COO Senior Leadership Team",
        status: "in_progress",
      },
      {
        description: "Departmental Risk Register reviewed monthly by the COO Senior Leadership Team",
        owner: "COO Senior Leadership Team",
        status: "in_progress",
      },
      {
        description:
          "Regular monthly meetings with the Head of Risk to review risks and horizon scan for new and emerging risks",
        owner: "COO departmental risk lead",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "COO-R03",
    unitSlug: "md",
    title: "Cyber security",
    cause:
      "Years of sustained underinvestment have left a complex legacy IT estate that is difficult to protect against a growing cyber threat.",
    event: "A cyber attack or security failure compromises Government of Jersey systems or data.",
    impact:
      "Disruption to public services, loss or disclosure of Islanders' personal data, regulatory action and loss of public trust.",
    category: "Information",
    owner: "Director, Modernisation and Digital",
    inherent: { likelihood: 5, impact: 5 },
    residual: { likelihood: 3, impact: 5 },
    appetite: 6,
    isPublic: false,
    mitigations: [
      {
        description: "Complete Tranche 1 of the Cyber Programme",
        owner: "Cyber Programme Director",
        dueDate: "2021-10-31",
        status: "in_progress",
      },
      {
        description: "Commence delivery of Tranche 2 of the Cyber Programme in 2021 for completion in 2022",
        owner: "Cyber Programme Director",
        dueDate: "2022-12-31",
        status: "planned",
      },
      {
        description: "Run the 2021 Cyber Security programme of works",
        owner: "Head of Information Governance, M&D",
        dueDate: "2021-10-31",
        status: "in_progress",
      },
      {
        description: "Set and enforce standards and commonality across systems, data, security and records management",
        owner: "Head of Information Governance, M&D",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "COO-R04",
    unitSlug: "coo",
    title: "Delivery of the Integrated Technology Solution (ITS)",
    cause:
      "ITS is a large cross-government programme that relies on other departments to support and own its delivery, alongside continuing pandemic response.",
    event: "Contract award or the build of release 1 is delayed.",
    impact:
      "The J D Edwards accounting system cannot be decommissioned as planned, enabling functions keep working on legacy systems and the benefits of ITS are delayed.",
    category: "Operational",
    owner: "Director General, Chief Operating Office",
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 4 },
    appetite: 12,
    isPublic: true,
    mitigations: [
      {
        description: "Award contracts to the ITS Delivery Partner and client-side Programme Management support",
        owner: "ITS Programme Director",
        dueDate: "2021-02-28",
        status: "complete",
      },
      {
        description:
          "Monthly reporting in the corporate portfolio reporting tool, with CPMO health checks and escalation to the Executive Leadership Team if tracking Red or Amber",
        owner: "Head of CPMO",
        status: "in_progress",
      },
      {
        description: "CPMO representatives present COO programmes and projects at COO SLT monthly",
        owner: "Head of CPMO",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "COO-R05",
    unitSlug: "pcs",
    title: "Recruitment to the Target Operating Models",
    cause:
      "Over 600 roles to resource across Government in the next year and key skills shortages, particularly in nursing, technical, social work, teaching and accountancy disciplines.",
    event: "COO is unable to recruit to the P&CS and M&D Target Operating Model vacancies on time.",
    impact:
      "The enhanced capabilities funded through the Government Plan are not delivered, and reliance on agency and fixed-term contingency labour continues at higher cost.",
    category: "People",
    owner: "Director, People and Corporate Services",
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 3 },
    appetite: 9,
    isPublic: true,
    mitigations: [
      {
        description: "Launch of effective Employee Value Proposition and new employee brand",
        owner: "Head of Resourcing, P&CS",
        dueDate: "2021-03-31",
        status: "complete",
      },
      {
        description: "Launch of workforce planning toolkit and model",
        owner: "Head of Resourcing, P&CS",
        dueDate: "2021-07-31",
        status: "in_progress",
      },
      {
        description:
          "Larger resourcing campaigns and new programmes to attract, recruit and train people from the Island",
        owner: "Head of Resourcing, P&CS",
        status: "in_progress",
      },
    ],
  },
  {
    ref: "COO-R06",
    unitSlug: "commercial",
    title: "End of the BREXIT transitional arrangements",
    cause: "The end of the BREXIT transitional arrangements combines with continuing pandemic response.",
    event: "Disruption to supply chains, supplier prices and the availability of goods and services.",
    impact: "Delay or extra cost in procuring the goods and services departments need to deliver public services.",
    category: "Operational",
    owner: "Director, Commercial Services",
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 3 },
    appetite: 8,
    isPublic: true,
    mitigations: [
      {
        description:
          "Use the new methods of contracting and new global supply chains developed during the COVID-19 response",
        owner: "Director, Commercial Services",
        status: "in_progress",
      },
      {
        description: "Robust and joined up commercial and operational contract and supplier risk management",
        owner: "Head of Contract Management, Commercial Services",
        status: "in_progress",
      },
    ],
  },
];
