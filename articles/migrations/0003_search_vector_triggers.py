"""Keep articles' and statements' full-text search vectors current in the database.

A trigger (not application code) fills search_vector, so every path that writes rows
(ingestion batches, admin, API, raw COPY in benchmarks) gets the same indexed vector.
English stemming plus the 'simple' configuration, which works for Persian and Arabic.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector_trg
  BEFORE INSERT OR UPDATE OF title, body ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();

CREATE OR REPLACE FUNCTION articles_statement_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.text, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.speaker_name, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER articles_statement_search_vector_trg
  BEFORE INSERT OR UPDATE OF text, speaker_name ON articles_statement
  FOR EACH ROW EXECUTE FUNCTION articles_statement_search_vector();

UPDATE articles_article SET title = title;
UPDATE articles_statement SET text = text;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
DROP TRIGGER IF EXISTS articles_statement_search_vector_trg ON articles_statement;
DROP FUNCTION IF EXISTS articles_statement_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_links_and_mentions")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
