"""Migration steps shared by the apps: decimal money columns become integer centimes (or millionths).

For each column: the old one is renamed aside, the new integer one added, the values copied in SQL
(x 100 or x 1,000,000, rounded half-up, which is exact for every value a decimal column with two or
six decimals can hold), the old column dropped. Check constraints naming the columns are removed
first and put back after. Reversible: going back divides again.
"""

from django.db import migrations

ASIDE = "{}_decimal"


def _copy(table, pairs, forward):
    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        sqlite = schema_editor.connection.vendor == "sqlite"
        assignments = []
        for name, field in pairs:
            factor = 10**field.places
            new, old = quote(name), quote(ASIDE.format(name))
            if forward:
                assignments.append(f"{new} = CAST(ROUND({old} * {factor}) AS BIGINT)")
            else:
                value = f"{new} / {factor}.0" if sqlite else f"CAST({new} AS NUMERIC) / {factor}"
                assignments.append(f"{old} = {value}")
        # One UPDATE per table (NULL stays NULL): a second one would touch rows this transaction
        # already wrote, and PostgreSQL would then refuse the ALTER TABLE that follows while their
        # deferred foreign-key checks are pending; those are run at once for the same reason.
        schema_editor.execute(f"UPDATE {quote(table)} SET {', '.join(assignments)}")
        if not sqlite:
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    return run


def to_integer_units(*, model_name: str, table: str, fields: dict, decimals: dict, constraints: list) -> list:
    """`fields`: {column name: its final MoneyField/RateField}; `decimals`: {column name: the old
    DecimalField}; `constraints`: the model's check constraints that name those columns."""
    operations = [migrations.RemoveConstraint(model_name, c.name) for c in constraints]
    for name in fields:
        operations.append(migrations.RenameField(model_name, name, ASIDE.format(name)))
        aside = decimals[name].clone()
        aside.null = True  # so that going back can add it again before the values return
        operations.append(migrations.AlterField(model_name, ASIDE.format(name), aside))
    for name, field in fields.items():
        temporary = field.clone()
        temporary.null, temporary.default = True, None
        operations.append(migrations.AddField(model_name, name, temporary))
    pairs = list(fields.items())
    operations.append(
        migrations.RunPython(_copy(table, pairs, forward=True), _copy(table, pairs, forward=False))
    )
    for name in fields:
        operations.append(migrations.RemoveField(model_name, ASIDE.format(name)))
    for name, field in fields.items():
        operations.append(migrations.AlterField(model_name, name, field))
    operations += [migrations.AddConstraint(model_name, c) for c in constraints]
    return operations
