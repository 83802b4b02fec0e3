"""IATI 2.03 publishing: the activity file of the published projects and the organisation file of the
commune, written element by element (`elements`), streamed (`writer`) and checked (`rules`).

Codelists used at run time are copied beside this file (`codelists/`, CC BY 4.0, IATI Standard) or in
`sharaka/core/codelists`; the app never reads `../shared`.
"""
