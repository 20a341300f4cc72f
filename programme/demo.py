"""The demo programme dataset: illustrative, generated, never real.

No public monitoring data exists for the programme, so set-up loads this dataset when the
store is empty. It is generated from a fixed seed (same input, same rows, on every machine)
with the structure of a real results framework for the eight participating countries and
deliberately varied progress: countries ahead and behind, stale and missing indicators,
delayed activities, overdue milestones. It is stored with `is_demo` set, and every view,
embed, export and brief that shows it says "demo data - illustrative only".

Evidence links point at example.org: there is no real evidence behind demo rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from data.countries import PROGRAMME_COUNTRIES
from programme.schema import period_end

SEED = 20190101
AS_OF = date(2026, 9, 30)  # the last reporting period of the demo: 2026-Q3
START, END = date(2019, 1, 1), date(2027, 12, 31)

COUNTERPARTS = {
    "BGD": ("Ministry of Expatriates' Welfare and Overseas Employment", "Inter-ministerial committee on migration"),
    "ECU": ("Ministry of Foreign Affairs and Human Mobility", "Human mobility coordination board"),
    "JAM": ("Planning Institute of Jamaica", "National working group on international migration and development"),
    "KGZ": ("Ministry of Labour, Social Security and Migration", "Coordination council on migration"),
    "MDA": (
        "State Chancellery, Bureau for Diaspora Relations",
        "Inter-ministerial committee on diaspora, migration and development",
    ),
    "MAR": (
        "Ministry in charge of Moroccans living abroad and migration affairs",
        "National migration steering committee",
    ),
    "SRB": ("Commissariat for Refugees and Migration", "Working group on migration management"),
    "TUN": ("Office of Tunisians Abroad", "National migration and development committee"),
}

# The results chain every country has: (suffix, level, parent suffix, area, lead, GCM, SDG, statement).
RESULTS = (
    (
        "OC1",
        "outcome",
        None,
        "coordination",
        "Joint",
        "23",
        "10.7;17.3",
        "Migration is mainstreamed into national and sector development policies",
    ),
    (
        "OP1.1",
        "output",
        "OC1",
        "coordination",
        "IOM",
        "23",
        "10.7",
        "A coordination mechanism on migration and development is established and meets regularly",
    ),
    (
        "OP1.2",
        "output",
        "OC1",
        "policy",
        "UNDP",
        "2;19",
        "10.7;17.3",
        "Migration is integrated into the national development strategy and sector policies",
    ),
    (
        "OC2",
        "outcome",
        None,
        "data",
        "IOM",
        "1",
        "17.18",
        "The government uses migration data for policy, planning and monitoring",
    ),
    ("OP2.1", "output", "OC2", "data", "IOM", "1;3", "17.18;10.7", "Migration data are produced, shared and published"),
    (
        "OC3",
        "outcome",
        None,
        "capacity",
        "UNDP",
        "23",
        "10.7",
        "Government and the UN country team have the capacities to address migration in development",
    ),
    (
        "OP3.1",
        "output",
        "OC3",
        "capacity",
        "Joint",
        "23;19",
        "10.7;8.8",
        "Officials are trained to mainstream migration in planning",
    ),
    (
        "OP3.2",
        "output",
        "OC3",
        "unct",
        "UNDP",
        "23",
        "17.3",
        "The UN country team has a coherent approach to migration",
    ),
)

# Indicators: (suffix, result suffix, name, unit, direction, baseline, target, by_sex, verification).
INDICATORS = (
    (
        "I1",
        "OC1",
        "Sector policies that integrate migration",
        "number",
        "increase",
        0,
        3,
        False,
        "Policy documents adopted",
    ),
    (
        "I2",
        "OP1.1",
        "Coordination mechanism formally established",
        "yes_no",
        "increase",
        0,
        1,
        False,
        "Decree or order establishing the mechanism",
    ),
    (
        "I3",
        "OP1.1",
        "Meetings of the coordination mechanism in the last 12 months",
        "number",
        "increase",
        0,
        4,
        False,
        "Minutes of meetings",
    ),
    (
        "I4",
        "OP1.2",
        "Stage of the national migration and development policy",
        "stage",
        "increase",
        0,
        3,
        False,
        "Government gazette",
    ),
    (
        "I5",
        "OC2",
        "Line ministries using migration data in planning",
        "percent",
        "increase",
        10,
        60,
        False,
        "Survey of line ministries",
    ),
    (
        "I6",
        "OP2.1",
        "Days for a ministry to obtain migration statistics",
        "number",
        "decrease",
        90,
        30,
        False,
        "Records of data requests",
    ),
    (
        "I7",
        "OP2.1",
        "Migration profile published and updated",
        "yes_no",
        "increase",
        0,
        1,
        False,
        "Published migration profile",
    ),
    (
        "I8",
        "OP3.1",
        "Officials trained on migration mainstreaming (cumulative)",
        "number",
        "increase",
        0,
        150,
        True,
        "Attendance lists",
    ),
    (
        "I9",
        "OC3",
        "Trained officials reporting better skills six months later",
        "percent",
        "increase",
        0,
        80,
        True,
        "Follow-up survey of participants",
    ),
    (
        "I10",
        "OP3.2",
        "UN cooperation framework outcomes that address migration",
        "number",
        "increase",
        0,
        2,
        False,
        "UNSDCF results framework",
    ),
)

ACTIVITIES = (
    ("A1", "OP1.1", "Set up the secretariat of the coordination mechanism", "IOM"),
    ("A2", "OP1.1", "Facilitate quarterly meetings of the coordination mechanism", "Joint"),
    ("A3", "OP1.2", "Draft the migration chapter of the national development strategy", "UNDP"),
    ("A4", "OP1.2", "Consult diaspora organisations on the draft policy", "IOM"),
    ("A5", "OP2.1", "Produce the extended migration profile", "IOM"),
    ("A6", "OP2.1", "Build a data-sharing protocol between the statistics office and ministries", "UNDP"),
    ("A7", "OP3.1", "Train planners of line ministries on migration mainstreaming", "Joint"),
    ("A8", "OP3.2", "Integrate migration into the UN cooperation framework", "UNDP"),
)

# Milestones: (suffix, result, type, title, indicator suffix, the indicator's value that reaches it).
# Each is achieved in the quarter its indicator first reports that value, so the two never disagree.
MILESTONES = (
    ("M1", "OP1.1", "mechanism_established", "Coordination mechanism established by official act", "I2", 1),
    ("M2", "OP1.1", "mechanism_meets", "Coordination mechanism meets at least four times a year", "I3", 4),
    ("M3", "OP1.2", "policy_drafted", "Migration and development policy drafted", "I4", 1),
    ("M4", "OP1.2", "policy_adopted", "Migration and development policy adopted", "I4", 3),
    ("M5", "OP2.1", "data_delivered", "Extended migration profile published", "I7", 1),
    ("M6", "OP3.2", "unct_coordination", "UN country team agrees a joint approach to migration", "I10", 1),
)
CUMULATIVE = {"I8"}  # running totals: they never fall, nor do their women's and men's parts

EVENT_KINDS = (
    ("training", "OP3.1", "Migration mainstreaming in sector planning"),
    ("workshop", "OP1.2", "Validation of the draft migration policy"),
    ("training", "OP2.1", "Using migration statistics in planning"),
    ("study_visit", "OP1.1", "Study visit to a peer coordination mechanism"),
    ("peer_exchange", "OP3.2", "UN country team exchange on migration in the cooperation framework"),
    ("workshop", "OP2.1", "Launch of the migration profile"),
)


# The French and Spanish of every demo text (the workbook's optional _fr and _es columns).
TRANSLATIONS = {
    "Migration is mainstreamed into national and sector development policies": (
        "La migration est intégrée dans les politiques nationales et sectorielles de développement",
        "La migración está integrada en las políticas nacionales y sectoriales de desarrollo",
    ),
    "A coordination mechanism on migration and development is established and meets regularly": (
        "Un mécanisme de coordination sur la migration et le développement est créé et se réunit régulièrement",
        "Se establece un mecanismo de coordinación sobre migración y desarrollo que se reúne periódicamente",
    ),
    "Migration is integrated into the national development strategy and sector policies": (
        "La migration est intégrée dans la stratégie nationale de développement et les politiques sectorielles",
        "La migración se integra en la estrategia nacional de desarrollo y en las políticas sectoriales",
    ),
    "The government uses migration data for policy, planning and monitoring": (
        "Le gouvernement utilise les données migratoires pour élaborer ses politiques, planifier et assurer le suivi",
        "El gobierno utiliza los datos sobre migración para formular políticas, planificar y hacer seguimiento",
    ),
    "Migration data are produced, shared and published": (
        "Les données migratoires sont produites, partagées et publiées",
        "Los datos sobre migración se producen, se comparten y se publican",
    ),
    "Government and the UN country team have the capacities to address migration in development": (
        "Le gouvernement et l’équipe de pays des Nations Unies ont les capacités de prendre en compte la migration "
        "dans le développement",
        "El gobierno y el equipo de las Naciones Unidas en el país tienen la capacidad de abordar la migración en "
        "el desarrollo",
    ),
    "Officials are trained to mainstream migration in planning": (
        "Les fonctionnaires sont formés à l’intégration de la migration dans la planification",
        "Los funcionarios están capacitados para integrar la migración en la planificación",
    ),
    "The UN country team has a coherent approach to migration": (
        "L’équipe de pays des Nations Unies a une approche cohérente de la migration",
        "El equipo de las Naciones Unidas en el país tiene un enfoque coherente de la migración",
    ),
    "Sector policies that integrate migration": (
        "Politiques sectorielles intégrant la migration",
        "Políticas sectoriales que integran la migración",
    ),
    "Coordination mechanism formally established": (
        "Mécanisme de coordination officiellement créé",
        "Mecanismo de coordinación establecido oficialmente",
    ),
    "Meetings of the coordination mechanism in the last 12 months": (
        "Réunions du mécanisme de coordination au cours des 12 derniers mois",
        "Reuniones del mecanismo de coordinación en los últimos 12 meses",
    ),
    "Stage of the national migration and development policy": (
        "Stade de la politique nationale de migration et de développement",
        "Etapa de la política nacional de migración y desarrollo",
    ),
    "Line ministries using migration data in planning": (
        "Ministères sectoriels utilisant les données migratoires dans leur planification",
        "Ministerios sectoriales que utilizan datos sobre migración en su planificación",
    ),
    "Days for a ministry to obtain migration statistics": (
        "Nombre de jours nécessaires à un ministère pour obtenir des statistiques migratoires",
        "Días que tarda un ministerio en obtener estadísticas de migración",
    ),
    "Migration profile published and updated": (
        "Profil migratoire publié et mis à jour",
        "Perfil migratorio publicado y actualizado",
    ),
    "Officials trained on migration mainstreaming (cumulative)": (
        "Fonctionnaires formés à l’intégration de la migration (cumul)",
        "Funcionarios capacitados en la integración de la migración (acumulado)",
    ),
    "Trained officials reporting better skills six months later": (
        "Fonctionnaires formés déclarant de meilleures compétences six mois plus tard",
        "Funcionarios capacitados que declaran haber mejorado sus competencias seis meses después",
    ),
    "UN cooperation framework outcomes that address migration": (
        "Effets du plan-cadre de coopération des Nations Unies qui portent sur la migration",
        "Efectos del marco de cooperación de las Naciones Unidas que abordan la migración",
    ),
    "Set up the secretariat of the coordination mechanism": (
        "Mettre en place le secrétariat du mécanisme de coordination",
        "Establecer la secretaría del mecanismo de coordinación",
    ),
    "Facilitate quarterly meetings of the coordination mechanism": (
        "Faciliter les réunions trimestrielles du mécanisme de coordination",
        "Facilitar las reuniones trimestrales del mecanismo de coordinación",
    ),
    "Draft the migration chapter of the national development strategy": (
        "Rédiger le chapitre sur la migration de la stratégie nationale de développement",
        "Redactar el capítulo sobre migración de la estrategia nacional de desarrollo",
    ),
    "Consult diaspora organisations on the draft policy": (
        "Consulter les organisations de la diaspora sur le projet de politique",
        "Consultar a las organizaciones de la diáspora sobre el proyecto de política",
    ),
    "Produce the extended migration profile": (
        "Élaborer le profil migratoire étendu",
        "Elaborar el perfil migratorio ampliado",
    ),
    "Build a data-sharing protocol between the statistics office and ministries": (
        "Établir un protocole d’échange de données entre l’institut de statistique et les ministères",
        "Establecer un protocolo de intercambio de datos entre la oficina de estadística y los ministerios",
    ),
    "Train planners of line ministries on migration mainstreaming": (
        "Former les planificateurs des ministères sectoriels à l’intégration de la migration",
        "Capacitar a los planificadores de los ministerios sectoriales en la integración de la migración",
    ),
    "Integrate migration into the UN cooperation framework": (
        "Intégrer la migration dans le plan-cadre de coopération des Nations Unies",
        "Integrar la migración en el marco de cooperación de las Naciones Unidas",
    ),
    "Coordination mechanism established by official act": (
        "Mécanisme de coordination créé par un acte officiel",
        "Mecanismo de coordinación establecido mediante un acto oficial",
    ),
    "Coordination mechanism meets at least four times a year": (
        "Le mécanisme de coordination se réunit au moins quatre fois par an",
        "El mecanismo de coordinación se reúne al menos cuatro veces al año",
    ),
    "Migration and development policy drafted": (
        "Politique de migration et de développement rédigée",
        "Política de migración y desarrollo redactada",
    ),
    "Migration and development policy adopted": (
        "Politique de migration et de développement adoptée",
        "Política de migración y desarrollo aprobada",
    ),
    "Extended migration profile published": (
        "Profil migratoire étendu publié",
        "Perfil migratorio ampliado publicado",
    ),
    "UN country team agrees a joint approach to migration": (
        "L’équipe de pays des Nations Unies convient d’une approche commune de la migration",
        "El equipo de las Naciones Unidas en el país acuerda un enfoque común de la migración",
    ),
    "Migration mainstreaming in sector planning": (
        "Intégration de la migration dans la planification sectorielle",
        "Integración de la migración en la planificación sectorial",
    ),
    "Validation of the draft migration policy": (
        "Validation du projet de politique migratoire",
        "Validación del proyecto de política migratoria",
    ),
    "Using migration statistics in planning": (
        "Utiliser les statistiques migratoires dans la planification",
        "Uso de las estadísticas de migración en la planificación",
    ),
    "Study visit to a peer coordination mechanism": (
        "Visite d’étude auprès d’un mécanisme de coordination homologue",
        "Visita de estudio a un mecanismo de coordinación homólogo",
    ),
    "UN country team exchange on migration in the cooperation framework": (
        "Échange de l’équipe de pays des Nations Unies sur la migration dans le plan-cadre de coopération",
        "Intercambio del equipo de las Naciones Unidas en el país sobre la migración en el marco de cooperación",
    ),
    "Launch of the migration profile": (
        "Lancement du profil migratoire",
        "Presentación del perfil migratorio",
    ),
}


def _translated(field: str, english: str) -> dict:
    """A text field in English with its French and Spanish columns."""
    french, spanish = TRANSLATIONS[english]
    return {field: english, f"{field}_fr": french, f"{field}_es": spanish}


def _periods(first: date, last: date) -> list[tuple[str, date]]:
    periods = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        end = (pd.Timestamp(year=year, month=quarter * 3, day=1) + pd.offsets.MonthEnd(0)).date()
        if end > last:
            return periods
        periods.append((f"{year}-Q{quarter}", end))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The demo dataset: one frame per sheet of programme.schema."""
    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {
        name: []
        for name in (
            "countries",
            "results",
            "indicators",
            "indicator_values",
            "activities",
            "milestones",
            "capacity_events",
        )
    }
    programme = [
        {
            "code": "MMNDS",
            "title": "Mainstreaming Migration into National Development Strategies",
            "start_date": START.isoformat(),
            "end_date": END.isoformat(),
        }
    ]
    # How well each country delivers (0.35 behind ... 1.1 ahead): varied on purpose.
    performance = dict(
        zip(PROGRAMME_COUNTRIES, rng.sample([0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 1.05, 1.1], len(PROGRAMME_COUNTRIES)))
    )
    periods = _periods(date(2020, 1, 1), AS_OF)
    for country in PROGRAMME_COUNTRIES:
        perf = performance[country]
        joined = date(rng.choice((2019, 2020)), rng.choice((1, 4, 7, 10)), 1)
        counterpart, mechanism = COUNTERPARTS[country]
        rows["countries"].append(
            {
                "country": country,
                "joined_date": joined.isoformat(),
                "iom_focal_point": "IOM country office, migration and development focal point",
                "undp_focal_point": "UNDP country office, governance and inclusive growth team",
                "government_counterpart": counterpart,
                "coordination_mechanism": mechanism,
            }
        )
        for suffix, level, parent, area, lead, gcm, sdg, statement in RESULTS:
            rows["results"].append(
                {
                    "result_id": f"{country}-{suffix}",
                    "country": country,
                    "level": level,
                    "parent_id": f"{country}-{parent}" if parent else None,
                    "area": area,
                    **_translated("statement", statement),
                    "lead_agency": lead,
                    "gcm_objectives": gcm,
                    "sdg_targets": sdg,
                }
            )
        baseline_year = joined.year
        reported: dict[str, list[tuple[str, float]]] = {}  # indicator suffix -> (period, total value)
        for suffix, result, name, unit, direction, baseline, target, by_sex, verification in INDICATORS:
            indicator_id = f"{country}-{suffix}"
            target_year = 2026 if rng.random() < 0.6 else 2027
            if unit == "percent":
                baseline = max(0, baseline + rng.choice((-5, 0, 5, 10))) if baseline else baseline
            rows["indicators"].append(
                {
                    "indicator_id": indicator_id,
                    "result_id": f"{country}-{result}",
                    **_translated("name", name),
                    "unit": unit,
                    "direction": direction,
                    "baseline_value": baseline,
                    "baseline_year": baseline_year,
                    "target_value": target,
                    "target_year": target_year,
                    "by_sex": by_sex,
                    "means_of_verification": verification,
                    "cumulative": suffix in CUMULATIVE,
                }
            )
            reported[suffix] = []
            if rng.random() < 0.1:  # never reported
                continue
            stale_after = AS_OF if rng.random() < 0.85 else date(rng.choice((2024, 2025)), 6, 30)
            every = rng.choice((1, 2, 2, 4))  # quarterly, half-yearly or yearly reporting
            due = date(target_year, 12, 31)
            start = date(baseline_year, 12, 31)
            pace = perf * rng.uniform(0.75, 1.25)
            last = last_female = last_male = None
            for index, (period, ends) in enumerate(periods):
                # Every `every` quarters counted back from the as-of period, so that an indicator
                # reported on time has a value for it and only stale ones are out of date.
                if ends <= start or (len(periods) - 1 - index) % every or ends > stale_after:
                    continue
                elapsed = (ends - start).days / (due - start).days
                share = min(1.0, max(0.0, pace * elapsed + rng.uniform(-0.06, 0.06)))
                if unit == "yes_no":
                    value = 1.0 if share >= 0.5 else 0.0
                elif unit == "stage":
                    value = float(round(baseline + share * (target - baseline)))
                else:
                    value = round(baseline + share * (target - baseline), 1 if unit == "percent" else 0)
                if unit == "number" and direction == "increase":
                    value = float(int(value))
                # Counts, stages and switches do not go back: each value keeps the ground gained.
                if last is not None and unit != "percent":
                    value = max(value, last) if direction == "increase" else min(value, last)
                last = value
                reported[suffix].append((period, value))
                evidence = f"{verification}, {period}"
                rows["indicator_values"].append(
                    {
                        "indicator_id": indicator_id,
                        "period": period,
                        "sex": "total",
                        "value": value,
                        "means_of_verification": evidence,
                    }
                )
                if by_sex:
                    women_share = rng.uniform(0.4, 0.6)
                    if unit == "number":
                        female = float(round(value * women_share))
                        if suffix in CUMULATIVE and last_female is not None:  # neither part falls
                            female = min(max(female, last_female), value - last_male)
                        last_female, last_male = female, value - female
                        rows["indicator_values"] += [
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": "female",
                                "value": female,
                                "means_of_verification": evidence,
                            },
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": "male",
                                "value": value - female,
                                "means_of_verification": evidence,
                            },
                        ]
                    else:
                        gap = rng.uniform(-6, 6)
                        rows["indicator_values"] += [
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": sex,
                                "value": round(min(100.0, max(0.0, value + sign * gap)), 1),
                                "means_of_verification": evidence,
                            }
                            for sex, sign in (("female", 1), ("male", -1))
                        ]
        for suffix, result, title, lead in ACTIVITIES:
            begin = _day(rng, joined, date(2026, 12, 31))
            finish = min(begin + timedelta(days=rng.randint(180, 900)), END)
            budget = float(rng.randrange(20_000, 260_000, 5_000))
            if begin > AS_OF:
                state, done = "planned", 0.0
            elif finish <= AS_OF:
                state = "completed" if rng.random() < perf else "delayed"
                done = 100.0 if state == "completed" else float(rng.randrange(50, 95, 5))
            else:
                elapsed = (AS_OF - begin).days / max((finish - begin).days, 1)
                done = float(min(95, max(5, round(elapsed * perf * 100 / 5) * 5)))
                state = "ongoing" if done >= elapsed * 100 - 25 else "delayed"
            if rng.random() < 0.03:
                state, done = "cancelled", 0.0
            spent = round(budget * done / 100 * rng.uniform(0.85, 1.05), -2)
            rows["activities"].append(
                {
                    "activity_id": f"{country}-{suffix}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    **_translated("title", title),
                    "start_date": begin.isoformat(),
                    "end_date": finish.isoformat(),
                    "status": state,
                    "percent_complete": done,
                    "lead_agency": lead,
                    "budget_usd": budget,
                    "expenditure_usd": spent,
                }
            )
        planned = joined
        for suffix, result, kind, title, indicator, reached_at in MILESTONES:
            planned = _day(rng, planned + timedelta(days=90), planned + timedelta(days=540))
            # Achieved in the quarter the indicator first reports the value that reaches it.
            reached = next((period for period, value in reported[indicator] if value >= reached_at), None)
            achieved = None
            if reached:
                quarter_end = period_end(reached).date()
                achieved = _day(rng, quarter_end.replace(day=1) - timedelta(days=59), quarter_end)
                planned = min(achieved + timedelta(days=rng.randint(-200, 120)), END)  # early or late
            rows["milestones"].append(
                {
                    "milestone_id": f"{country}-{suffix}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    "type": kind,
                    **_translated("title", title),
                    "planned_date": planned.isoformat(),
                    "achieved_date": achieved.isoformat() if achieved else None,
                    "evidence_url": f"https://example.org/migdash-demo/{country}/{suffix}" if achieved else None,
                    "indicator_id": f"{country}-{indicator}",
                    "indicator_value": float(reached_at),
                }
            )
        for number in range(1, rng.randint(5, 9) + 1):
            kind, result, title = EVENT_KINDS[(number - 1) % len(EVENT_KINDS)]
            participants = rng.randint(12, 60)
            rows["capacity_events"].append(
                {
                    "event_id": f"{country}-E{number}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    "date": _day(rng, joined + timedelta(days=60), AS_OF).isoformat(),
                    "type": kind,
                    **_translated("title", title),
                    "participants": participants,
                    "women": round(participants * rng.uniform(0.3, 0.65)),
                    "institutions": rng.randint(3, 15),
                }
            )
    frames = {name: pd.DataFrame(values) for name, values in rows.items()}
    frames["programme"] = pd.DataFrame(programme)
    return frames
