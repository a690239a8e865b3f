import type { SeedRecommendation } from "./types";

/**
 * Recommendations tracker.
 * PAC items: the Public Accounts Committee's follow-up questions of 19 May 2021 to Customer and
 * Local Services, with the department's responses from its reply of 2 July 2021.
 * C&AG / internal audit items: the "Respond to deficiencies" rows and audit-action measures in the
 * COO Business Plan 2021. The plan does not name the underlying reports, so their titles are
 * descriptive and their dates approximate (demo values). Statuses and completion evidence after
 * July 2021 are demo values.
 */

const PAC_TITLE = "PAC follow-up request for performance management information – Customer and Local Services";
const PAC_DATE = "2021-05-19";

export const recommendations: SeedRecommendation[] = [
  // =====================================================================================
  // Public Accounts Committee – Customer and Local Services
  // =====================================================================================
  {
    ref: "PAC-CLS-01",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls",
    text: "Publish the quarterly performance report the department advised it would produce, so that the Committee can see it.",
    response:
      "The first GoJ quarterly performance report will be published at the end of August; CLS will not be publishing information separately.",
    owner: "Director General, Customer and Local Services",
    targetDate: "2021-08-31",
    status: "implemented",
    completionEvidence:
      "First Government of Jersey quarterly performance report published at the end of August 2021, including the CLS service performance measures.",
  },
  {
    ref: "PAC-CLS-02",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls-customer-services",
    text: "Provide a departmental breakdown of customer feedback themes.",
    response:
      "Key complaint themes are reported in customer feedback reporting. Work on improving the analytics and thematic analysis will be prioritised when we have completed system enhancements to our customer feedback reporting system. Within CLS, the top three feedback themes since introduction of the new policy are: consistency of information received; how customers felt after an interaction with us; quality of service they received.",
    owner: "Customer Feedback Manager, CLS",
    targetDate: "2021-12-31",
    status: "in_progress",
  },
  {
    ref: "PAC-CLS-03",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls-customer-services",
    text: "Alongside the quantity success measures in the Business Plan, apply quality measures to complaints handling.",
    response:
      "All complaints are recorded in our customer feedback management system, even when resolved immediately on the front line, and a light touch quality check confirms each has been appropriately handled. We have recently introduced a quality assurance framework that will underpin complaints handling quality measurement across Government of Jersey; it is still in the roll out phase, although the Customer Feedback Manager does sample check CLS complaints against policy, quality of response, accurate recording and lessons learnt. Going forward the framework will also measure customer satisfaction with complaint handling and outcome, quality of communication, policy adherence and process adherence.",
    owner: "Customer Feedback Manager, CLS",
    targetDate: "2022-03-31",
    status: "in_progress",
  },
  {
    ref: "PAC-CLS-04",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls",
    text: "For the Business Plan initiatives that span several years, explain what milestones will be achieved in 2021 against each of them.",
    response:
      "2021 milestones were set out for each initiative: Disability social inclusion (Inclusion Champions, Disability Discrimination Legislation awareness campaign, physical audits of public buildings, volunteer driver coordinator); Systems renewal strategy 'Transform' (future processes defined as life events, procurement expected to start late 2021); Building Revenue Jersey contributions integration (monthly collection cycle from 1st January 2022). Covid-19 Income Support Costs and the benefit items are established services with no milestone dates; Jersey Care Model and Electoral registration are led by HCS and the Non-Ministerial departments.",
    owner: "Director General, Customer and Local Services",
    targetDate: "2021-07-02",
    status: "implemented",
    completionEvidence:
      "Milestones provided in the CLS reply to the PAC of 2 July 2021 and recorded against each initiative in the departmental business plan tracker.",
  },
  {
    ref: "PAC-CLS-05",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls-social-security",
    text: "For initiatives flagged as 'ongoing' (Compensation for Mesothelioma, Food costs bonus, Single parent component), explain how the department knows when they are complete.",
    response:
      "These items secure Government Plan funding for ongoing operation of established benefits for eligible islanders. They are not projects as such, and no milestone dates are associated as a result. A success criterion will be recorded for each ongoing item so that its delivery can be judged each year.",
    owner: "Head of Social Security Operations, CLS",
    targetDate: "2021-10-31",
    status: "open",
  },
  {
    ref: "PAC-CLS-06",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls",
    text: "Given the relatively limited role of the corporate team, put in place a mechanism for considering the adequacy of complaints-handling resources and reallocating resources where appropriate.",
    response:
      "Good complaints handling is intrinsically linked with good operational and service delivery. Complaints are best resolved at the front line when initially raised, or investigated and learnt from by the team delivering the service. This resource is built into the operational teams and leadership capacity as a normal part of the roles, and the benefits of improved services and better complaints handling free up resource to focus on continually improving services. A separate resourcing mechanism is therefore not proposed.",
    owner: "Director General, Customer and Local Services",
    targetDate: null,
    status: "closed",
    acceptance: "rejected",
  },
  {
    ref: "PAC-CLS-07",
    source: "pac",
    reportTitle: PAC_TITLE,
    reportDate: PAC_DATE,
    unitSlug: "cls",
    text: "Update the CLS Business Continuity Management Plan following the COVID-19 pandemic to account for other potential crises, incorporating the lessons learnt log of CLS and other departments.",
    response:
      "CLS regularly contributes to the cross-GoJ BC working group, enabling sharing of experiences and implementation of best practice learned elsewhere. The CLS Business Continuity Plan has been updated throughout the Covid-19 pandemic to capture learnings, and new processes have been added to enable continuity of services with disruptions to workforce and buildings.",
    owner: "CLS Business Continuity lead",
    targetDate: "2021-07-02",
    status: "implemented",
    completionEvidence:
      "Updated CLS Business Continuity Plan, including new workforce and building disruption processes, confirmed to the PAC on 2 July 2021.",
  },

  // =====================================================================================
  // C&AG and internal audit – Chief Operating Office
  // =====================================================================================
  {
    ref: "CAG-PCS-01",
    source: "cag",
    reportTitle: "C&AG findings on People and Corporate Services governance (COO Business Plan 2021: 'Respond to deficiencies – C&AG')",
    reportDate: "2020-09-30",
    unitSlug: "pcs",
    text: "Address deficiencies in People and Corporate Services governance: keep an accurate risk register and breach and exemptions register, implement mitigating actions and close agreed audit actions on time.",
    response:
      "P&CS will undertake an ISO assessment for Governance in P&CS by December 2021. Progress will be measured by the number of outstanding audit actions and timeliness of agreed actions being closed, accuracy of the P&CS risk register and implementation of mitigating actions, accuracy of the breach and exemptions register, and compliance with ISO.",
    owner: "Director, People and Corporate Services",
    targetDate: "2021-12-31",
    status: "in_progress",
  },
  {
    ref: "IA-PCS-01",
    source: "internal_audit",
    reportTitle: "Internal Audit – Business continuity planning across the Government of Jersey",
    reportDate: "2020-10-31",
    unitSlug: "pcs",
    text: "Have departmental business continuity plans independently audited, and integrate business continuity into the Enterprise Risk Management (ERM) framework.",
    response:
      "Independently audited BC plans by April 2021 and integration of BC to the ERM framework by June 2021, measured by the % of tested BC plans and BC reported at the Departmental Risk Group (DRG).",
    owner: "Head of Business Continuity, P&CS",
    targetDate: "2021-06-30",
    status: "implemented",
    completionEvidence:
      "Independent audit of BC plans completed April 2021; business continuity integrated into the ERM framework and reported at the Departmental Risk Group from June 2021.",
  },
  {
    ref: "IA-CS-01",
    source: "internal_audit",
    reportTitle: "Internal Audit – Commercial Services agreed actions follow-up",
    reportDate: "2020-09-30",
    unitSlug: "commercial",
    text: "Close the outstanding internal audit actions for Commercial Services (2 open) and report open actions monthly with an agreed target.",
    response:
      "Open internal audit actions are tracked on the COO Governance SharePoint and reported monthly from Q1 2021. A target is being developed, to be agreed Q1 2021.",
    owner: "Director, Commercial Services",
    targetDate: "2021-03-31",
    status: "in_progress",
  },
];
