"""Spreadsheet exports: every cell of user text goes through `neutraliser`.

A cell starting with = + - @ (or a tab, carriage return, line feed) is run as a formula by
Excel and LibreOffice (CSV injection): it gets a leading apostrophe. Control characters
that XLSX cannot hold are removed (openpyxl would refuse the whole file).
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutraliser(valeur):
    """Safe value for a CSV/XLSX cell; numbers, dates and None are kept as they are."""
    if not isinstance(valeur, str):
        return valeur
    texte = ILLEGAL_CHARACTERS_RE.sub("", valeur)
    if texte.startswith(DEBUTS_DE_FORMULE):
        return "'" + texte
    return texte
