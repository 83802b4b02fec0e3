"""Pure helpers with no Django models: environment parsing, Arabic text, money, dates."""
