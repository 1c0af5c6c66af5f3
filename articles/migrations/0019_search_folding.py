"""Search that forgives spelling: the search vectors are made of folded text.

The same folding as the linker's characters (core.text.normalize_for_matching) and hamza
seats, plus, for each Arabic word with the article and its proclitics (ال، وال، بال، لل…),
the word without them: ct_search_document(). The query side is core.folding.search_query,
which folds the same way in Python; tests/core/test_search_folding.py holds the SQL and the
Python equal on word lists. The English (stemmed) part of the vector is unchanged.

Frozen here as SQL (a migration does not follow later code). Every vector is recomputed
(forward and back): on a large archive that is one pass over the articles and statements.
"""

from django.db import migrations

# core.text._TRANSLATE and core.folding._HAMZA as one translate(): each character of FROM
# becomes the character at the same place in TO; the ones past TO's end are deleted.
FROM = (
    "\u064a\u0649\u0643\u0629\u0623\u0625\u0622\u0671\u200c"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u2019\u2018\u2013\u2014\u0626\u0624\u06c0"
    "\u0640\u200d\u200f\u200e\ufeff\u0621"
)
TO = "\u06cc\u06cc\u06a9\u0647\u0627\u0627\u0627\u0627 01234567890123456789''--\u06cc\u0648\u0647"


def _quoted(text: str) -> str:
    """The text inside a SQL string literal (a quote doubled)."""
    return text.replace("'", "''")


DIACRITICS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
ARABIC = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
ARTICLE = f"(^|[^{ARABIC}])(?:[\u0648\u0641]?[\u0628\u0644\u06a9]?\u0627\u0644|[\u0648\u0641]?\u0644\u0644)([{ARABIC}]{{3,}})"

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION ct_search_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
           lower(translate(regexp_replace(normalize(coalesce(t, ''), NFKC), '{DIACRITICS}', '', 'g'),
                           '{_quoted(FROM)}', '{_quoted(TO)}')),
           '\\s+', ' ', 'g'))
$$;

CREATE OR REPLACE FUNCTION ct_search_document(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bare = folded THEN folded ELSE folded || ' ' || bare END
    FROM (SELECT folded, regexp_replace(folded, '{ARTICLE}', '\\1\\2', 'g') AS bare
            FROM (SELECT ct_search_fold(t) AS folded) f) b
$$;
"""  # noqa: S608 - built from this file's constants

FOLDED_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('simple', ct_search_document(NEW.title)), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B')
   || setweight(to_tsvector('simple', ct_search_document(NEW.body)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION articles_statement_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
   || setweight(to_tsvector('simple', ct_search_document(NEW.text)), 'B')
   || setweight(to_tsvector('simple', ct_search_document(NEW.speaker_name)), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

UPDATE articles_article SET title = title;
UPDATE articles_statement SET text = text;
"""

# As in 0003: the text as written.
PLAIN_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION articles_statement_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.text, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.speaker_name, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

UPDATE articles_article SET title = title;
UPDATE articles_statement SET text = text;
DROP FUNCTION IF EXISTS ct_search_document(text);
DROP FUNCTION IF EXISTS ct_search_fold(text);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_suggested_links_by_time")]

    operations = [migrations.RunSQL(FUNCTIONS + FOLDED_TRIGGERS, PLAIN_TRIGGERS)]
