"""The fixed Moroccan public holidays, every year. Hijri-based holidays are entered per year."""

from django.db import migrations

FIXED = [
    (1, 1, "رأس السنة الميلادية", "Nouvel an", "New Year's Day"),
    (1, 11, "ذكرى تقديم وثيقة الاستقلال", "Manifeste de l'indépendance", "Independence Manifesto Day"),
    (1, 14, "رأس السنة الأمازيغية", "Nouvel an amazigh", "Amazigh New Year"),
    (5, 1, "عيد الشغل", "Fête du travail", "Labour Day"),
    (7, 30, "عيد العرش", "Fête du Trône", "Throne Day"),
    (8, 14, "ذكرى استرجاع إقليم وادي الذهب", "Allégeance d'Oued Eddahab", "Oued Ed-Dahab Day"),
    (8, 20, "ذكرى ثورة الملك والشعب", "Révolution du Roi et du peuple", "Revolution of the King and the People"),
    (8, 21, "عيد الشباب", "Fête de la jeunesse", "Youth Day"),
    (10, 31, "عيد الوحدة", "Fête de l'unité", "Unity Day"),
    (11, 6, "ذكرى المسيرة الخضراء", "Marche verte", "Green March Day"),
    (11, 18, "عيد الاستقلال", "Fête de l'indépendance", "Independence Day"),
]


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("agreements", "PublicHoliday")
    for month, day, ar, fr, en in FIXED:
        PublicHoliday.objects.get_or_create(
            year=None, month=month, day=day, defaults={"name_ar": ar, "name_fr": fr, "name_en": en}
        )


def unseed(apps, schema_editor):
    PublicHoliday = apps.get_model("agreements", "PublicHoliday")
    for month, day, *_names in FIXED:
        PublicHoliday.objects.filter(year=None, month=month, day=day).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
