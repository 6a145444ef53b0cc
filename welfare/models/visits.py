"""A welfare visit is a count, nothing more: the model has no field that could hold who came.

No name, no free text, no photo, no exact time: a category, an optional outcome (both from fixed
lists, enforced by the database too), the activation, and the quarter-hour it happened in.
"""

from django.db import models


class Category(models.TextChoices):
    EMOTIONAL_SUPPORT = "emotional_support", "Emotional support"
    PANIC_ANXIETY = "panic_anxiety", "Panic or anxiety"
    SUBSTANCE = "substance", "Substance-related"
    LOST_SEPARATED = "lost_separated", "Lost or separated"
    DISCLOSURE = "disclosure", "Disclosure"
    SIGNPOSTED_MEDICAL = "signposted_medical", "Signposted to medical"
    SIGNPOSTED_CRISIS_LINE = "signposted_crisis_line", "Signposted to a crisis line"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    STAYED = "stayed", "Stayed"
    LEFT_WITH_FRIEND = "left_with_friend", "Left with a friend"
    REFERRED = "referred", "Referred"


CATEGORIES = tuple(Category.values)
OUTCOMES = tuple(Outcome.values)


class WelfareVisit(models.Model):
    Category = Category
    Outcome = Outcome

    activation = models.ForeignKey("activations.Activation", on_delete=models.CASCADE, related_name="welfare_visits")
    category = models.CharField(max_length=32, choices=Category.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    quarter = models.DateTimeField(help_text="The start of the quarter-hour (UTC) the visit happened in; never the exact time.")

    class Meta:
        ordering = ["quarter", "pk"]
        indexes = [models.Index(fields=["activation", "quarter"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=CATEGORIES), name="welfare_visit_category_known"),
            models.CheckConstraint(condition=models.Q(outcome__in=("",) + OUTCOMES), name="welfare_visit_outcome_known"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.quarter:%Y-%m-%d %H:%M} UTC"
