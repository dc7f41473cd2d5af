"""The follow-up survey's answer form (outils/enquetes.py)."""

from django import forms

from .enums import UTILITE_CHOICES


class ReponseEnqueteForm(forms.Form):
    ce_qui_a_change = forms.CharField(
        label="Qu'est-ce qui a changé dans votre organisation depuis la fin de l'accompagnement ?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Pratiques RH, organisation du travail, dialogue avec les salarié·es…",
        error_messages={
            "required": "Dites en quelques mots ce qui a changé (ou que rien n'a changé).",
            "max_length": "5 000 caractères au plus, s'il vous plaît.",
        },
    )
    actions_poursuivies = forms.ModelMultipleChoiceField(
        label="Quelles actions de votre schéma d'amélioration se sont poursuivies ?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Cette action ne fait pas partie de votre schéma."},
    )
    utilite = forms.TypedChoiceField(
        label="Avec le recul, la démarche vous a-t-elle été utile ? (de 1, pas utile, à 5, "
        "très utile)",
        choices=UTILITE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une note d'utilité de 1 à 5.",
            "invalid_choice": "La note d'utilité va de 1 à 5.",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions_poursuivies"].queryset = actions
        self.fields["actions_poursuivies"].label_from_instance = lambda a: (
            f"{a.titre} ({a.get_statut_display().lower()})"
            + (f" — axe « {a.axe.titre} »" if a.axe_id else "")
        )

    def clean_ce_qui_a_change(self):
        texte = self.cleaned_data["ce_qui_a_change"].strip()
        if not texte:
            raise forms.ValidationError(
                "Dites en quelques mots ce qui a changé (ou que rien n'a changé)."
            )
        return texte
