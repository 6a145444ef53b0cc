"""`manage.py create_api_token <username> [--name NAME]`: a new organizer API token.

The token is printed once, alone on the last line (scripts take `| tail -n1`); only its hash is stored.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = "Creates an API token for an organizer and prints it once, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'partner app' (max 100 characters)")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active; activate the account first.")
        if len(name) > 100:
            raise CommandError("--name is limited to 100 characters.")
        if not user.is_superuser and not user.organizations.exists():
            self.stderr.write(f"Note: {username!r} belongs to no organization yet; the token will see nothing.")
        row, secret = ApiToken.create_for(user, name=name)
        self.stderr.write(f"Created token {row.prefix}… for {username}. It is shown once; store it now.")
        self.stdout.write(secret)
