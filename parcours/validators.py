from django.core.exceptions import ValidationError


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not value:
        return
    if len(value) != 14 or not value.isdigit():
        raise ValidationError("Le SIRET doit comporter exactement 14 chiffres.", code="format")
    if not luhn_ok(value):
        raise ValidationError(
            "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas).", code="luhn"
        )
