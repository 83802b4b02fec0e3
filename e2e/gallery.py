"""`python -m e2e.gallery`: refresh the few screenshots kept in git (e2e/gallery/) from the last run.

The run writes every page to e2e/screenshots/ (git-ignored); this keeps the top of a handful of
them, as small palette PNGs, for the README.
"""

from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
PICKS = [
    ("ar", "home-officer.png", "dashboard-ar.png"),
    ("ar", "project-pipeline-closed.png", "project-pipeline-ar.png"),
    ("ar", "agreement-road-signed.png", "agreement-road-ar.png"),
    ("fr", "partner-detail-timeline.png", "partner-timeline-fr.png"),
    ("zgh", "portal-home.png", "portal-zgh.png"),
    ("ar", "home-officer-375.png", "dashboard-ar-phone.png"),
]
TOP = 900  # pixels kept from the top of each page


def main() -> None:
    out = HERE / "gallery"
    out.mkdir(exist_ok=True)
    for lang, name, target in PICKS:
        source = HERE / "screenshots" / lang / name
        if not source.exists():
            print(f"missing {source.relative_to(HERE)}: run make e2e first")
            continue
        with Image.open(source) as image:
            top = image.crop((0, 0, image.width, min(TOP, image.height))).convert("RGB")
            top.quantize(colors=128).save(out / target, optimize=True)
        print(f"e2e/gallery/{target}")


if __name__ == "__main__":
    main()
