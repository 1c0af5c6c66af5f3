"""Article.language may be another language than en/fa/ar (stored, never linked).

Three letters for codes such as "ckb" (Sorani Kurdish) and "und" (undetermined); widening a
varchar rewrites no rows. Backwards it refuses, saying how many, while any article is in
another language: they cannot be written as en/fa/ar without losing what they are.
"""

from django.db import migrations, models

LINKED = ["en", "fa", "ar"]
# Frozen here: the list as this migration made it (articles.models.ARTICLE_LANGUAGES).
CHOICES = [
    ("en", "English"),
    ("fa", "Persian"),
    ("ar", "Arabic"),
    ("tr", "Turkish"),
    ("az", "Azerbaijani"),
    ("ku", "Kurdish"),
    ("ckb", "Kurdish (Sorani)"),
    ("kmr", "Kurdish (Kurmanji)"),
    ("ur", "Urdu"),
    ("ps", "Pashto"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("ru", "Russian"),
    ("he", "Hebrew"),
    ("zh", "Chinese"),
    ("und", "Another language"),
]


def refuse_other_languages(apps, schema_editor) -> None:
    Article = apps.get_model("articles", "Article")
    others = Article.objects.exclude(language__in=LINKED)
    count = others.count()
    if count:
        codes = sorted(set(others.values_list("language", flat=True)[:1000]))
        raise RuntimeError(
            f"{count} article(s) are in another language ({', '.join(codes)}); delete them or "
            "set their language to en, fa or ar before migrating back past "
            "articles 0017_article_other_languages."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_demo_flags"),
        ("initiatives", "0003_profile_terms"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="article", name="article_language_valid"),
        migrations.AlterField(
            model_name="article",
            name="language",
            field=models.CharField(
                choices=CHOICES,
                db_index=True,
                help_text="en, fa or ar; any other language is stored but not linked",
                max_length=3,
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _ in CHOICES]),
                name="article_language_valid",
            ),
        ),
        # Last, so that backwards it runs first, before the column narrows.
        migrations.RunPython(migrations.RunPython.noop, refuse_other_languages),
    ]
