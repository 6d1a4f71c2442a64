from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tabadul.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) with a consistent snapshot of the database, every stored file and a "
        "manifest with checksums. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Archive path (default: var/backups/tabadul-<time>.tar.gz).")

    def handle(self, *args, output=None, **options):
        progress = self.stderr.write if options["verbosity"] >= 1 else (lambda message: None)
        try:
            result = create_backup(Path(output) if output else None, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{result.path} ({result.members} members, {result.size / 1_048_576:.1f} MiB)")
        )
