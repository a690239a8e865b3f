import type { SeedKeyObjective, SeedPriority } from "./types";

/**
 * Common Strategic Policy 2018-22 priorities, plus the common theme "Modernising Government"
 * and its sub-priority "A modern, innovative public sector" (OI3), which is where every COO
 * Government Plan initiative and growth allocation sits.
 */
export const priorities: SeedPriority[] = [
  {
    code: "CSP-CHILDREN",
    title: "Put children first",
    description:
      "Protect and support children, improve their educational outcomes and involve and engage them in decisions that affect their lives.",
  },
  {
    code: "CSP-WELLBEING",
    title: "Improve Islanders' wellbeing and mental and physical health",
    description:
      "Put patients, families and carers at the heart of Jersey's health and care system, improve mental health services and support Islanders to live healthier, more independent and more included lives.",
  },
  {
    code: "CSP-ECONOMY",
    title: "Create a sustainable, vibrant economy and skilled local workforce for the future",
    description:
      "Support a productive, innovative economy and develop the skills of Islanders so that local people can take up the jobs of the future.",
  },
  {
    code: "CSP-INEQUALITY",
    title: "Reduce income inequality and improve the standard of living",
    description:
      "Support low-income households, make sure the benefits system protects those who need it and improve the standard of living for Islanders.",
  },
  {
    code: "CSP-ENVIRONMENT",
    title: "Protect and value our environment",
    description:
      "Protect Jersey's natural environment, respond to the climate emergency and make sustainable use of the Island's resources.",
  },
  {
    code: "CSP-MG",
    title: "Modernising Government",
    description:
      "The common theme running through the Common Strategic Policy: more efficient, effective and better value public services and infrastructure, with long-term strategic and financial planning to serve Islanders better.",
  },
  {
    code: "OI3",
    title: "A modern, innovative public sector",
    description:
      "Sub-priority of Modernising Government covering investment in the people, technology and commercial foundations of the public service (Government Plan references GP20-OI3-xx, written GP20-013-xx in the COO growth tables).",
    parentCode: "CSP-MG",
  },
];

/**
 * Key objectives for 2021.
 * COO: the "Our key objectives for 2021" table of the COO Business Plan 2021, verbatim.
 * CLS: the department's top three long-term priorities from its reply to the PAC (2 July 2021).
 */
export const keyObjectives: SeedKeyObjective[] = [
  // ---- COO: People and Corporate Services ----
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Industrial Relations",
    description:
      "We will apply an even more structured and proactive approach to industrial relations to negotiate and consult on changes to pay and terms and conditions completing phase one of the programme.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Case Management",
    description:
      "We will implement a revised approach to case management and recording in line with the new Policy Framework. All policies reviewed, modernised and mapped into Case Management.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Resourcing",
    description:
      "We will implement a new employee brand creating added value by developing resourcing strategies which attract and recruit to critical vacancies. Facilitating larger resourcing campaigns to improve candidate and hiring manager experience, and ability to identify core skills using innovative tools and techniques aligned to workforce planning requirements.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Systems",
    description:
      "We will continue to stabilise and upgrade our systems and our people related data, whilst creating firm foundations for the implementation of the Integrated Technology Solution.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Governance and compliance",
    description:
      "We will address outstanding concerns within the remit of the States Employment Board and the Jersey Appointments Commission to implement assurance and risk management frameworks. We will refresh all people policies and codes of practice. We will build upon the emerging Health & Safety Strategy.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Workforce Development",
    description: "We will create a common framework for Learning and Development and consolidate generic training.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Remuneration Board consolidation",
    description:
      "We will ensure greater coordination between the Jersey Appointments Commission, States Employment Board and remuneration bodies.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Business Continuity Planning",
    description:
      "We will improve Business Continuity Planning across the Government of Jersey, in particular the coordination across departments and within key buildings.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "pcs",
    title: "Soft FM",
    description: "We will consolidate facilities management across the Government estate.",
    priorityCode: "OI3",
  },

  // ---- COO: Modernisation and Digital ----
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Recruit to Target Operating Model",
    description:
      "We will recruit to the vacant M&D posts identified in the TOM project phases, with support from People Services partners.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Business Architecture",
    description:
      "Establish architectural governance. We will continue to implement and own Business Architecture policy and standards.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Information Governance",
    description:
      "We will run the 2021 Cyber Security programme of works, establish Corporate Record, Data Management and Data Quality policies and standards to ensure Government of Jersey compliance with legislation and internationally accepted standards.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "IT service support",
    description:
      "We will provide core technology and service management, end user computing and services to departmental partners according to stated service levels.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "CPMO",
    description:
      "We will provide Corporate Portfolio Management policies and support. We will provide regular reporting on progress to the Executive on the Government of Jersey key strategic and major initiatives. We will deliver the Government of Jersey programme and project framework.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Change Delivery",
    description:
      "We will develop a Change Delivery function, with continuous improvement and generic and specific delivery teams focused on departmental or application specific needs. Implement standards and frameworks from CPMO and develop tailored requirements for M&D initiatives.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Asset Replacement & Simplification in delivery",
    description:
      "We will deliver asset replacement plan for 2021 in line with the government plan activity of systematically reviewing and simplifying our IT estate including delivery of a new clinical desktop.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Technology Transformation Programme in delivery (Cyber)",
    description:
      "The Tranche 1 of Cyber Programme will be completed, and Tranche 2 will commence delivery in 2021 for completion in 2022.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "md",
    title: "Technology Transformation Programme in delivery (MS Foundations)",
    description: "We will complete the implementation of Office 365 and commence the Azure discovery and initial migration.",
    priorityCode: "OI3",
  },

  // ---- COO: Commercial Services ----
  {
    departmentSlug: "coo",
    leadUnitSlug: "commercial",
    title: "Commercial Services design implementation",
    description:
      "We will complete 2021 deliverables of the plan, including resourcing, processes and systems – to improve commission, increase visibility of demand, develop the supply chain, rationalise processes, improve assurance and enhance commercial capability.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "commercial",
    title: "Delivering enhanced compliance with the Public Finances Manual",
    description:
      "We will design a pilot to develop an ALO (Arm's Length Organisation) central government framework. We will develop the next phase of the toolkit and processes to support monitoring of the mandatory elements of the PFM.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "commercial",
    title: "Contract Management Framework",
    description:
      "We will develop and deliver a framework to enable enhanced contract management, including awareness training across the organisation.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "commercial",
    title: "Social Value Framework",
    description:
      "We will develop and deliver a framework to support the creation of maximum social value across all government spend.",
    priorityCode: "OI3",
  },

  // ---- COO: led by the COO directorate ----
  {
    departmentSlug: "coo",
    leadUnitSlug: "coo",
    title: "Delivery of COO Efficiencies",
    description: "We plan to deliver further efficiencies in 2021.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "coo",
    title: "Team Jersey",
    description:
      "We will continue to respond to the recommendations of the Team Jersey Phase 1 report into the culture and engagement within the organisation. Building a positive workplace culture, addressing poor staff engagement, supporting departments to build high performing teams and working with departments to embed positive behaviours through our organisational values.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "coo",
    title: "Business Support",
    description: "We will consolidate business support functions across OCE, COO, T&E, SPPP etc.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "coo",
    leadUnitSlug: "coo",
    title: "Technology Transformation Programme in design (Integrated Technology Solution - ITS)",
    description:
      "We will award contracts to the ITS Delivery Partner and client-side Programme Management support. We will mobilise the discovery phase and we will build release 1 to provide core functionality to enabling functions and allow the decommissioning of the J D Edwards accounting system.",
    priorityCode: "OI3",
  },

  // ---- CLS: top three priorities (reply to the PAC, 2 July 2021) ----
  {
    departmentSlug: "cls",
    leadUnitSlug: "cls-customer-services",
    title: "Customer Strategy implementation",
    description:
      "Leading on implementation of the government-wide Customer Strategy, in support of the CLS vision to make it easy for customers: improving customer satisfaction, reducing customer effort and learning from customer sentiment, feedback and complaints.",
    priorityCode: "OI3",
  },
  {
    departmentSlug: "cls",
    leadUnitSlug: "cls-local-services",
    title: "Disability Strategy implementation",
    description:
      "Implementation of the Government of Jersey Disability Strategy, including meaningful participation and engagement with Islanders who have lived experience of disability.",
    priorityCode: "CSP-WELLBEING",
  },
  {
    departmentSlug: "cls",
    leadUnitSlug: "cls-customer-services",
    title: "Transformation of services around customers' life events",
    description:
      "Transformation of our services to align with customers' life events and renewal of our ageing IT business support systems to enable this change (the 'Transform' programme).",
    priorityCode: "OI3",
  },
];
