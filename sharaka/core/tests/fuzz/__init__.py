"""A fuzz harness over every form of the application (docs/testing.md, "The form fuzzer").

forms.py finds the forms by walking every named URL and parsing the pages; values.py holds the
hypothesis strategies per kind of field; database.py pictures the database to prove that a refusal
wrote nothing; test_every_form.py posts the generated values and collects what went wrong.
"""
