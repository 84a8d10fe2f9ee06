"""The demo's panel report: the April 2025 update, 2024/25 to the end of Q3.

The narrative is the source report's (reference/panel-update-2025-04.txt), lightly
edited into Markdown. Its figures are left out of the narrative on purpose: the
tables the portal computes from the demo data print them, so a wrong figure in
the data shows in the PDF instead of hiding behind typed text.

Idempotent: an existing published April 2025 update with the same narrative and
figures is left alone; it is rendered again only if something it shows changed.
"""

from datetime import date

from partnership.models import FinancialYear, User
from reporting import selectors, services
from reporting.models import NARRATIVE_FIELDS, PanelReport, ReportStatus

TITLE = "Violence Reduction Partnership update – April 2025"
MEETING_DATE = date(2025, 4, 11)

# The cover sheet: invented names (docs/demo-data.md), the real paper's contact address.
COVER = {
    "agenda_item": "7",
    "author": "Head of the Violence Reduction Partnership",
    "contact_officer": "VRP team, VRP@westyorks-ca.gov.uk",
    "classification": "official",
    "recommendations": (
        "The Police and Crime Panel is asked to note the update on the work and progress of the "
        "Violence Reduction Partnership, and on the Serious Violence Legal Duty."
    ),
}

NARRATIVE = {
    "cover_purpose": """\
1. To provide an update to the Police and Crime Panel on the work and progress of the Violence Reduction Partnership (VRP).
2. To provide the Police and Crime Panel with information on the Serious Violence Legal Duty, and the collaboration between the VRP and key partners in this area.""",
    "cover_overview": """\
The VRP was first introduced in 2019 following funding from the Home Office to establish a Violence Reduction Unit (VRU) in the county. It is one of 20 VRUs across England and Wales.

Since 2019 VRUs have been tasked with leading and co-ordinating the local response to serious violence, with responsibility from the Home Office to deliver a ‘whole system’, public health approach to tackling violence, by bringing together key partners to identify the local drivers and root-causes of serious violence and agree and implement a multi-agency response to them.

Delivery guidance for 2025-26 has indicated that VRUs will have a key role to play in supporting the delivery of the Government’s Safer Streets Mission, including the requirement this year to pilot the delivery of Prevention Partnerships and establish a local mechanism to identify, assess and refer into evidence-based support children and young people displaying an increased vulnerability to being drawn into crime.

In June 2023, following the implementation of the Serious Violence Duty in the January, the Violence Reduction Unit undertook a re-brand to become known as a VRP to better reflect this being a partnership approach to serious violence.

Under the Serious Violence Duty, the Mayor holds powers to distribute funding, convene partnerships and to scrutinise the response of the specified authorities.

The Serious Violence Legal Duty (SVD) places joint, and equal, responsibility on Police, Local Authorities, Probation, Fire and Rescue, Youth Justice Services (YJS) and Integrated Care Boards (ICB) to, through a partnership approach, identify and respond to the causes and impact of serious violence. The VRP are not a specified authority under the SVD but have played a key role in supporting partners to prepare for the new responsibility.""",
    "cover_edi": """\
Various equality, diversity and inclusion factors are embedded in the work to address serious violence in West Yorkshire and are touched on in the following report.""",
    "cover_young_people": """\
The focus of the work of the VRP is on children and young people, although work is undertaken more widely to address wider issues linked to serious violence.

Specific work has been undertaken to put children and young people at the heart of the work of the VRP, and that of its partners, particularly through the development and implementation of Child First. This work aims to follow a trauma informed approach and to put children’s voices at the centre, involving them in decisions whenever possible.""",
    "cover_financial": """\
There are no financial implications to be considered in this paper.

Top level information on budget allocations for the VRP and the SVD can be found in the following report.""",
    "cover_legal": "There are no legal implications to be considered in this paper.",
    "cover_supporting_papers": """\
* Violence Reduction Partnership Update
* Appendix A – Serious Violence Funded Interventions""",
    "cover_contact": "E-mail: [VRP@westyorks-ca.gov.uk](mailto:VRP@westyorks-ca.gov.uk)",
    "update_introduction": """\
The West Yorkshire Violence Reduction Partnership (VRP) was first introduced in 2019 following funding from the Home Office to establish a Violence Reduction Unit in the county. We undertook a re-brand to become known as a VRP in June 2023 to better reflect this being a partnership approach to serious violence.

This year's core grant from the Home Office is the third year of a three-year arrangement to continue to lead and coordinate the local response to serious violence; for 2025/26 we have been allocated rollover funding to continue this work (see the table below). A Delivery Plan setting out our approach for the next financial year was submitted to the Home Office in March 2025, as requested, and we are awaiting confirmation this has been accepted.

As in previous years, there are several requirements attached to this grant, including the need to secure match funding from local partners in the form of resources, staffing or contributions to intervention delivery: 20% of a VRU’s 2021/22 allocation. The required amounts are in the table below.""",
    "update_svd_funding": """\
Under the Serious Violence Duty, the Mayor holds powers to distribute funding, convene partnerships and to scrutinise the response of the specified authorities. Additional funding to support delivery of the Serious Violence Duty was allocated by the Home Office to the Mayor to cover labour and intervention delivery costs for specified and relevant authorities as outlined by the Duty. This money was for the periods January to March 2023, and financial years 2023-24 and 2024-25; the amounts for West Yorkshire are in the table below.

Further funding has been confirmed by the Home Office, with the amount available for West Yorkshire to bid in for being a flat rollover of 2024/25 funding. A collaborative bid approved by all SVD organisations has been submitted to secure this funding.""",
    "update_svd_duty": """\
The Legal Duty commenced on 31 January 2023, placing joint and equal responsibility on Police, Local Authorities, Probation, Fire and Rescue, Youth Justice Services (YJS) and Integrated Care Boards (ICB) to, through a partnership approach, identify and respond to the causes and impact of serious violence by:

* sharing data and consulting with communities for the purposes of developing a Strategic Needs Assessment (SNA);
* developing a Response Strategy based on the identified need;
* publishing the Needs Assessment and Response Strategy (by 31 January 2025);
* implementing, monitoring, and reviewing the Assessment and Response Strategy.

For the purposes of the SVD, local authority YJSs are a separate specified authority, and so are treated as independent to the local authority and therefore responsible for engaging with the partnership. The VRP are however not a specified authority under the SVD.

To respond to the duty and responsibilities, West Yorkshire partners agreed to build on existing partnership arrangements:

* a Strategic ‘Duty Holder’ was identified from each organisation, with strategic responsibility;
* on behalf of specified authorities, the VRP coordinated and facilitated the development of the Needs Assessment and Strategy in 2024/25 along with a local profile for each district;
* Duty Holders are held accountable to the Deputy Mayor through reporting to the West Yorkshire Serious Violence Strategic Executive, where decisions regarding the Serious Violence Duty and funding are made;
* implementation of the SVD Strategy is undertaken through place based (Community Safety Partnership/SV) partnerships with representation from SVD specified authorities at local level;
* all districts develop an Implementation Plan detailing their delivery of the Strategy;
* on behalf of specified authorities, the VRP submitted the SNA and Response Strategy to the Home Office; both are published on VRP and Police websites (31 January 2025), with other duty holders also providing a link;
* SVD funding has been equally split amongst specified authorities and the five CSPs (Community Safety Partnerships) to implement the Duty.

The VRP collated and submitted an advanced delivery plan to the Home Office at the end of January 2024 detailing activities to be delivered to the end of March 2025, and a further plan in March 2025 with proposed delivery to the end of March 2026. We are awaiting the outcome of this submission.

Standard monitoring is required for the end of each quarter from the five coordinating CSPs to include an Annex A (financial return) and Annex B (activity return).

The Knowledge Hub have continued to collaborate with all responsible authorities to develop the data ask in relation to the information suggested within the duty guidance. Regular data feeds have been secured from most partners, with health and prisons data requiring further attention.

Through regular SVD meetings with partners, it was felt necessary to develop two sub-groups which the VRP convene: one for communications and one for data. The Communications Group convenes experts from organisations across West Yorkshire to explore opportunities for collaboration on work and campaigns, agreeing shared messaging and development of a counter narrative. The Analysis, Research and Performance sub-group met for the first time in March 2025 with broad representation from organisations across the county and discussed a number of areas for future collaboration.

The VRP continue to collaborate with partners on the development of their place-based response plans: plans that show how they are responding to the West Yorkshire Response Strategy.""",
    "update_future_delivery": """\
The Home Office have indicated the next financial year is one of transition and pivoting for the VRUs (VRP) nationally to ensure our activity is aligned to the wider Safer Streets Mission and objectives. This means considering the delivery of functions at a regional level beyond the current remit of VRUs, which to date have been focused on the prevention of public-space knife crime, with a view to deploying a whole system or public health approach across a broader suite of harms. These may include:

* serious violence, particularly public space knife crime;
* wider knife crime, including knife enabled robbery;
* violence against women and girls;
* anti-social behaviour.

The Government’s strategy to halve knife crime and serious violence is centred around the newly proposed ‘Youth Futures Hubs’ and ‘Prevention Partnerships’. Although full details are yet to be released, the recent announcement of VRU funding for the financial year 2025/26 makes it clear that VRUs will play a key role in their design and development.

The VRP are working hard with partners locally, and nationally, to ensure our approach is proactive, bold, and innovative so that we can lead in this area of work, providing the best possible service and opportunities to the communities of West Yorkshire.""",
    "update_governance": """\
The VRP continue to report into the Policing and Crime Executive within the West Yorkshire Combined Authority, and work with core members (as determined by the Home Office) and wider partners from across the system through our Partnership Delivery and Serious Violence Executive Group. Accountability also continues through the Home Office reporting arrangements.""",
    "update_key_areas": """\
#### West Yorkshire Adversity, Trauma and Resilience Programme (ATR)

Since 2020 the VRP has worked collaboratively with the West Yorkshire Health and Care Partnership to co-lead a system wide programme focused on Adversity, Trauma and Resilience, to deliver on the shared partnership vision of working together with people with lived experience and colleagues across all sectors and organisations to ensure West Yorkshire is a trauma informed and responsive system by 2030, and to develop a whole system approach to tackling multiple disadvantage.

The programme is facilitated by a governance structure that includes a West Yorkshire Strategy Group chaired by the Deputy Mayor for Policing and Crime, an Operational Network Group and workstreams focused on Staff Wellbeing and Trauma Informed Workforce Practice, Education, Criminal Justice and Reducing Violence Against Staff.

Approximately 100 professionals from across West Yorkshire attended our first Criminal Justice themed conference during October 2024, and during the same month a premiere for the programme’s trauma informed four-part mini films was held.

Our annual Knowledge Exchange took place in March, with the theme this year being Adversity and Trauma, Serious Violence and Inclusion Health.

#### Child First

The VRP launched an ambition to be a Child First VRP: putting children’s voices at the heart of everything we do, involving them in decisions whenever possible, seeing children as individuals, recognising their strengths, and building positive relationships. Over 450 children were engaged in the coproduction of our Child First Framework, which is highlighted within the Police and Crime Plan.

#### Knowledge

In January 2025, five locality based Strategic Needs Assessments were developed and shared with partners along with a public facing West Yorkshire wide Strategic Needs Assessment. A comprehensive evidence synthesis has also been produced exploring the influential factors linked to violence. The refreshed West Yorkshire wide Response Strategy has also been produced and published.

Key to successful delivery of programmes and interventions is a culture of continuous evaluation. The Knowledge Hub are managing several commissioned evaluations to explore the impact of the A&E Navigator programme, the Custody Diversion programme, our Mentoring scheme in schools and the innovative Virtual Reality diversion programme.

A Theory of Change, Monitoring and Evaluation Toolkit was launched to support our drive for a culture of evidence-based practice, and a multi-agency data dashboard has been developed for Serious Violence Duty holding partners.""",
    "update_intervention_delivery": """\
A programme of interventions are commissioned by the VRP and partners, designed to deter, reduce, and navigate people away from violence. Interventions are evidence led and are designed to develop evidence and learning through delivery of test bed pilots. These interventions operate on a West Yorkshire and place-based level working with partners across the VCSE and statutory sectors, including by providing funding to each CSP.

As in previous years, the Home Office requires us to deploy resource equivalent to no less than 30% of the value of our core grant on the delivery of interventions assessed by the Youth Endowment Fund toolkit as either high impact or moderate impact with a high evidence confidence rating. Qualifying interventions include A&E Navigator services in Leeds, Bradford, Wakefield, Calderdale and Kirklees; a West Yorkshire Custody Diversion programme; a West Yorkshire Focussed Deterrence intervention with local authority partners and West Yorkshire Police; and a small number of local interventions with CSPs.

The remaining interventions include mentoring activity in schools, education programmes using VR technology, targeted work focussed on online harms and a wide range of smaller community-based interventions to support a local CSP led response.

Further interventions were commissioned using the additional monies provided by the Home Office to support duty holders in their implementation of and response to the SVD; they are listed in Appendix A.""",
    "update_community_engagement": """\
#### Leaders Unlocked

Leaders Unlocked are into their second year of delivery and have recruited additional children and young people aged 14-25 to join the cohort. In February 2025, we held a West Yorkshire Youth Commission celebration event where the findings from their second-year work were presented, following peer to peer research with over 1700 young people. As part of the ‘Big Conversation’ they have continued to focus on their priority issues:

* rehabilitation and prevention;
* community relationships and life;
* attitudes, and violence towards women;
* gangs, drugs, and knife crime.

#### Community Leaders Programme

After commissioning our first Community Leaders Programme in early 2024, twenty community leaders and emerging leaders took part in training over three months. A second cohort has followed, and a wider Community Leaders Network developed, which will be supported into 2025/26.

#### VRP showcase events, Community Advisory Group and the SVD consultation

Quarterly showcase events have platformed the progress of our partnership work across West Yorkshire. We have continued to hold regular community advisory group meetings, and significant community engagement work was undertaken as part of the Serious Violence Duty survey.

#### Equality, diversity and inclusion

Equality, diversity, and inclusion is a golden thread throughout the work of the Violence Reduction Partnership, and the role of engagement is crucial to ensure the voices of our communities are represented in our work.""",
    "update_communications": """\
#### “I Took a Seat”: Youth Commission co-produced campaign

In February 2025, we announced a brand-new flagship campaign called ‘I Took a Seat’, co-produced by members of the West Yorkshire Youth Commission from beginning to end. It focuses on encouraging behaviour change and signposting to support through online and offline media.

#### Campaigns and films

* Bradford Anti-violence Month returned across March 2025 for its third year.
* ‘It Does Matter’: shared with partners during Violence Against Women and Girls week.
* Trauma informed mini-films, premiered at the Royal Armouries in Leeds in October.
* ‘Knives Claim Lives’, a short film with Sam Teale Productions and Safer Kirklees, with a training package.
* A co-produced animation about the Youth Commission’s ‘Big Conversation’ report, launched on International Youth Day.
* The Child First Framework, publicised in June.
* A summer safety campaign with West Yorkshire Police.

#### Newsletters

The Violence Reduction Partnership publishes an external newsletter capturing key activities and opportunities, and the Knowledge Hub releases a monthly scanning bulletin.""",
}


def load():
    """Create, render and publish the April 2025 update, unless an identical
    published version exists. Rendering happens in-process (no broker needed)."""
    year = FinancialYear.objects.get(start_year=2024)
    by = User.objects.filter(username="vrp-staff").first()
    latest = PanelReport.objects.filter(title=TITLE).order_by("-version").first()
    if latest is not None and latest.status == ReportStatus.PUBLISHED and _matches(latest):
        return latest
    if latest is None:
        report = services.report_create(
            title=TITLE, meeting_date=MEETING_DATE, financial_year=year, up_to_quarter=3, by=by
        )
    elif latest.status == ReportStatus.PUBLISHED:
        report = services.report_new_version(report=latest, by=by)
    else:
        report = latest
    if report.is_editable:
        report = services.report_update(report=report, data={**COVER, **NARRATIVE}, by=by)
    else:  # left generating by an interrupted load: take it over
        PanelReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT, claimed_token=None)
        report.refresh_from_db()
    # Inside load_demo's transaction a worker would only see the report after
    # commit; render here, in-process, with the same claim a worker makes.
    request = services.report_generation_request(report=report, by=by, enqueue=False)
    services.report_render(report_id=report.pk, generation=request.generation, token=f"demo-{report.pk}")
    report.refresh_from_db()
    return services.report_publish(report=report, by=by)


def _matches(report) -> bool:
    same_text = all(getattr(report, name) == NARRATIVE.get(name, "") for name in NARRATIVE_FIELDS) and all(
        getattr(report, name) == value for name, value in COVER.items()
    )
    return same_text and report.figures == selectors.report_figures(report)
