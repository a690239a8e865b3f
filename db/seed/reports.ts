import { addDays, addHours, max, min, parseISO, subHours } from "date-fns";
import { buildReportContent } from "../../lib/reports/build";
import { lastCompletedQuarter, previousQuarter, quarterBounds, type QuarterRef, type ReportNarrative } from "../../lib/reports/content";
import type { Database } from "../client";
import * as s from "../schema";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * The departments' own words for the demo reports, drawn from the COO Business Plan 2021 and the
 * CLS reply to the Public Accounts Committee (2 July 2021). Four per department, oldest quarter
 * first; the figures themselves come from the demo data, so the text stays qualitative.
 */
const NARRATIVES: Record<string, ReportNarrative[]> = {
  coo: [
    {
      introduction:
        "The Chief Operating Office brings together People and Corporate Services, Modernisation and Digital and Commercial Services, and leads two cross-government programmes: Team Jersey and the Integrated Technology Solution (ITS). This report sets out how we performed against our key performance indicators this quarter, how our Government Plan initiatives are progressing and the risks we are managing.",
      highlights:
        "Contracts were awarded to the ITS Delivery Partner and for client-side programme management support, and the discovery phase has been mobilised.\nThe Team Jersey programme continued its colleague and leadership sessions, and departments began building cultural development plans from the Be Heard survey results.",
      concerns:
        "Incident resolution for Priority 2 incidents remains below target while Modernisation and Digital transitions to its new operating model. Recruitment to the vacant posts identified in the Target Operating Model (TOM) is under way with support from People Services partners, and a weekly review of open P2 incidents has been introduced.",
    },
    {
      introduction:
        "This quarter the Chief Operating Office focused on stabilising its services while the Modernisation and Digital transition continued, and on preparing the first release of the Integrated Technology Solution, which will allow the J D Edwards accounting system to be decommissioned.",
      highlights:
        "Tranche 1 of the Cyber Security programme moved into its final stage, and the Corporate Record, Data Management and Data Quality policies were drafted for sign-off.\nThe Talentlink recruitment dashboard is now live, giving hiring managers timely reporting of time to hire and time to offer.",
      concerns:
        "Vacancies in the TOM posts continue to limit capacity in Modernisation and Digital; two major incidents in the quarter took the team's capacity and slowed resolution of lower-priority incidents. A recovery plan was agreed at the Senior Leadership Team, and recruitment campaigns for the remaining technical roles have been brought forward.",
    },
    {
      introduction:
        "The Chief Operating Office supports every department's modernisation: the people, technology and commercial services the Government relies on. This report covers our performance measures, our Government Plan initiatives and the public parts of our risk register for the quarter.",
      highlights:
        "Recruitment to the People and Corporate Services Target Operating Model was completed, and the team is now focusing on its internal consultancy capability.\nCommercial Services continued its redesign programme, with more team members starting formal CIPS qualifications.",
      concerns:
        "Absence management data is still being validated, so a firm baseline and target for sickness absence are not yet set. Demand on Commercial Services remains high; the Commercial Services TOM is being developed to match resources to the volume of exemptions and requests received.",
    },
    {
      introduction:
        "This report sets out the Chief Operating Office's performance for the quarter. It is built from the same figures the Senior Leadership Team reviews each month, so the public, the Public Accounts Committee and our own teams see one version of our performance.",
      highlights:
        "Incident resolution improved for the higher-severity incidents as newly recruited Modernisation and Digital staff completed their onboarding.\nThe Team Jersey sustainability plan is building the internal capability to support departments' cultural development once the programme ends.",
      concerns:
        "Some TOM vacancies in Modernisation and Digital are still unfilled, particularly in specialist technical roles where the Island competes with the private sector. We are using fixed-term and interim cover where services are at risk, and have asked People Services for a targeted campaign to attract and train people from the Island.",
    },
  ],
  cls: [
    {
      introduction:
        "Customer and Local Services delivers front-line services that have a direct impact on Islanders' lives: customer contact, Local Services in the community and Social Security benefits and contributions. Our vision is to Make It Easy for customers, and this report shows how we performed against the measures we have chosen to reflect that.",
      highlights:
        "We now measure Customer Satisfaction (CSAT), Customer Effort (CES) and Customer Sentiment (CSI) through a short survey at the end of phone calls and a 'rate our service' link on every email.\nCloser to Home community events continued across the parish clusters, with partners reporting very positive feedback.",
      concerns:
        "Call waiting times rose during the quarter because of vacancies in the contact centre. The Target Operating Model was designed to move resources between teams easily, and staff have been moved to the phones at peak times while recruitment continues.",
    },
    {
      introduction:
        "This quarter Customer and Local Services continued to improve how we listen to customers. Every complaint is recorded in our customer feedback management system, even when it is resolved at the front line, and is reviewed by the section's feedback manager.",
      highlights:
        "The new quality assurance framework for complaints handling is being rolled out; the Customer Feedback Manager now sample-checks CLS complaints against policy, response quality and the lessons recorded.\nSeventeen Be Heard workshops were held across CLS teams to act on colleagues' feedback.",
      concerns:
        "Customer effort scores for benefit enquiries have not improved as quickly as we planned. Much of this effort comes from ageing IT systems; the renewal of our business support systems is in the Government Plan, and in the meantime we are simplifying the forms customers find hardest.",
    },
    {
      introduction:
        "Customer and Local Services reviews its performance monthly and quarterly, and uses the results to decide where to put resources and which processes to change. This report shares those results with the public and the Public Accounts Committee.",
      highlights:
        "Customer satisfaction held steady while demand rose, helped by moving staff between teams at peak times as the Target Operating Model intended.\nTwo CLS teams joined the Flex Positive pilot with Timewise to find flexible working patterns that suit both colleagues and customers.",
      concerns:
        "We may not be able to recruit or retain enough skilled staff to keep every service within its service level, which remains our highest risk. Recruitment campaigns, cross-training and the Be Heard actions on career development and progression pathways are our main responses.",
    },
    {
      introduction:
        "This report sets out Customer and Local Services' performance for the quarter: how satisfied customers were, how easy it was for them to get help, how our Government Plan work is progressing and the risks we are managing on their behalf.",
      highlights:
        "Analysis of complaint themes has improved since the enhancements to the customer feedback reporting system, and the themes now feed directly into service improvements.\nLocal Services' partnerships with civil society, funders and private providers continued to grow across the clusters and the mental health network.",
      concerns:
        "Governance of services recently integrated into CLS is not yet at the standard we expect; a review is under way and its actions are tracked by the Senior Leadership Team. Work on the Be Heard priorities, especially training and joined-up working across CLS teams, continues.",
    },
  ],
};

const DRAFT_INTRODUCTION: Record<string, string> = {
  coo: "Draft – to be completed after the quarter closes. This quarter the Chief Operating Office continued the Modernisation and Digital transition and prepared the next release of the Integrated Technology Solution.",
  cls: "Draft – to be completed after the quarter closes. This quarter Customer and Local Services continued to measure customer satisfaction, effort and sentiment, and to act on what customers told us.",
};

/**
 * Published reports (revision 1, published by the department's SLT member a few days after the
 * quarter ended) for the last four completed quarters of each department, and a draft for the
 * current quarter, so that the public report pages have something to show on a first visit.
 * Runs inside the demo seed's transaction; content is built from the seeded figures.
 */
export async function seedReports(
  tx: Tx,
  { now, departments }: { now: Date; departments: { id: number; slug: string; sltUserId: number | null }[] },
): Promise<void> {
  const last = lastCompletedQuarter(now);
  const quarters: QuarterRef[] = [last];
  while (quarters.length < 4) quarters.unshift(previousQuarter(quarters[0]!));
  const current = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };

  for (const dept of departments) {
    const narratives = NARRATIVES[dept.slug];
    if (!narratives) continue;
    for (const [i, q] of quarters.entries()) {
      const narrative = narratives[i % narratives.length]!;
      // A few days after the quarter ended, but never in the future.
      const publishedAt = min([addHours(addDays(parseISO(quarterBounds(q).end), 9), 10), subHours(now, 1)]);
      const approvedAt = subHours(publishedAt, 20);
      const submittedAt = subHours(publishedAt, 50);
      // Built after the quarter ended (as at its last day), even when the seed runs in the days just after.
      const builtAt = max([subHours(submittedAt, 2), addDays(parseISO(quarterBounds(q).end), 1)]);
      const content = await buildReportContent(tx, dept.id, q, narrative, builtAt);
      if (!content) throw new Error(`seed: no report content for ${dept.slug}`);
      const [report] = await tx
        .insert(s.reports)
        .values({
          departmentId: dept.id,
          year: q.year,
          quarter: q.quarter,
          status: "published",
          ...narrative,
          createdById: dept.sltUserId,
          submittedById: dept.sltUserId,
          submittedAt,
          approvedById: dept.sltUserId,
          approvedAt,
          createdAt: subHours(submittedAt, 72),
          updatedAt: publishedAt,
        })
        .returning({ id: s.reports.id });
      await tx.insert(s.reportRevisions).values({ reportId: report!.id, revision: 1, content, publishedById: dept.sltUserId, publishedAt });
    }
    await tx.insert(s.reports).values({
      departmentId: dept.id,
      year: current.year,
      quarter: current.quarter,
      status: "draft",
      introduction: DRAFT_INTRODUCTION[dept.slug] ?? null,
      createdById: dept.sltUserId,
    });
  }
}
