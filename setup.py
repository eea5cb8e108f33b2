"""Packaging that pyproject.toml cannot say on its own.

The Alembic scripts stay in the repository's top-level `migrations/` folder, where developers
expect them, and ship inside the wheel as the subpackage `wellbeing.migrations`, so an installed
`wellbeing` upgrades its database without a checkout and puts no top-level `migrations` module
into site-packages.

The superuser's scripts of an organisation deployment stay in `deploy/postgres/` and ship as
`wellbeing.deploy.postgres`, so whoever installs the wheel can have them written out
(`wellbeing db deployment-scripts`) without a checkout.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["wellbeing", "wellbeing.*"], exclude=["*.__pycache__"]),
        "wellbeing.migrations",
        "wellbeing.migrations.versions",
        "wellbeing.deploy",
        "wellbeing.deploy.postgres",
    ],
    package_dir={"wellbeing.migrations": "migrations", "wellbeing.deploy": "deploy"},
)
