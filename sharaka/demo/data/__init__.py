"""The Aourir demo as plain data: people, places, partners, their timeline and the projects.

Everything here is a demo scenario. The places and the organisations are real unless marked
`invented`; the relationships, people, figures and projects are fictional.
"""
