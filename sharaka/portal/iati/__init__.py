"""IATI 2.03 publishing: the activity file of the published projects and the organisation file of the
commune, written element by element (`elements`), streamed (`writer`) and checked (`rules`).

Codelists used at run time are read from the official files in `sharaka/core/iati_standard/`
(CC BY 4.0, IATI Standard) through `sharaka/core/codelists`.
"""
