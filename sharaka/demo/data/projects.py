"""The demo project pipeline: fictional projects (all `is_fictional`) on real needs of Aourir.

Each project reaches its `status` by the usual road of the pipeline (idea, concept note, proposal
submitted, approved, in implementation, completed, closed) unless `path` gives another road.
`reasons` gives the reason recorded for a move. Funders' amounts are recorded once the project is
approved. PAC references follow a fictional numbering of the commune's action programme:
axe 1 water and energy, 2 environment, 3 social development, 4 urban development and
infrastructure, 5 culture and tourism, 6 governance and administration.
Partner tuples: (organisation acronym, IATI role 1 funding / 2 accountable / 3 extending /
4 implementing, committed amount, currency, value date).
"""

from sharaka.demo.data import projects_culture_capacities, projects_social_urban, projects_water_environment

PROJECTS = [
    *projects_water_environment.PROJECTS,
    *projects_social_urban.PROJECTS,
    *projects_culture_capacities.PROJECTS,
]
