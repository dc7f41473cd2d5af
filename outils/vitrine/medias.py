"""Videos by URL and light rich text.

Only YouTube (embedded through youtube-nocookie.com) and Vimeo (player.vimeo.com, with
do-not-track) are embedded: those are the frame sources the CSP allows. Any other URL
is refused at input, so a page never holds an iframe the browser would block.

Lessons, articles and theme pages are written in a tiny Markdown subset: paragraphs
separated by a blank line and "- " lists. It is rendered escaped, so stored text can
never inject markup.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

_ID_YOUTUBE = re.compile(r"^[A-Za-z0-9_-]{11}$")
_ID_VIMEO = re.compile(r"^\d{6,12}$")


def video_embed(url: str) -> str | None:
    """The embeddable player URL for a YouTube or Vimeo link, None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    hote = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    chemin = [p for p in parts.path.split("/") if p]
    video_id = None
    if hote in ("youtube.com", "youtube-nocookie.com"):
        if chemin[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(chemin) >= 2 and chemin[0] in ("embed", "shorts", "live", "v"):
            video_id = chemin[1]
        if video_id and _ID_YOUTUBE.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return None
    if hote == "youtu.be" and chemin and _ID_YOUTUBE.match(chemin[0]):
        return f"https://www.youtube-nocookie.com/embed/{chemin[0]}"
    if hote == "vimeo.com" and chemin and _ID_VIMEO.match(chemin[-1]):
        return f"https://player.vimeo.com/video/{chemin[-1]}?dnt=1"
    if (
        hote == "player.vimeo.com"
        and len(chemin) >= 2
        and chemin[0] == "video"
        and _ID_VIMEO.match(chemin[1])
    ):
        return f"https://player.vimeo.com/video/{chemin[1]}?dnt=1"
    return None


def valider_video(url: str) -> None:
    if url and video_embed(url) is None:
        raise ValidationError(
            "Seules les vidéos YouTube ou Vimeo peuvent être intégrées "
            "(par exemple https://www.youtube.com/watch?v=… ou https://vimeo.com/…).",
            code="video",
        )


def texte_riche(texte: str) -> str:
    """Paragraphs and "- " lists, escaped. Returns safe HTML."""
    if not texte:
        return ""
    blocs = re.split(r"\n\s*\n", texte.replace("\r\n", "\n").strip())
    html = []
    for bloc in blocs:
        lignes = [ligne.rstrip() for ligne in bloc.split("\n") if ligne.strip()]
        if not lignes:
            continue
        if all(ligne.lstrip().startswith(("- ", "* ")) for ligne in lignes):
            items = "".join(f"<li>{escape(ligne.lstrip()[2:].strip())}</li>" for ligne in lignes)
            html.append(f"<ul>{items}</ul>")
            continue
        # A paragraph followed by a list in the same block (no blank line between them).
        texte_bloc, items = [], []
        for ligne in lignes:
            if ligne.lstrip().startswith(("- ", "* ")) and texte_bloc:
                items.append(ligne.lstrip()[2:].strip())
            elif items:
                items[-1] += " " + ligne.strip()
            else:
                texte_bloc.append(ligne.strip())
        html.append(f"<p>{escape(' '.join(texte_bloc))}</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    return mark_safe("\n".join(html))  # noqa: S308  (every piece is escaped above)


def paragraphes(texte: str) -> list[str]:
    """Split a text into its paragraphs (one example per paragraph, etc.)."""
    if not texte:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", texte.replace("\r\n", "\n")) if p.strip()]
