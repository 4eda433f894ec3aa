"""``manage.py rebuild_case_tallies [--agency CODE] [--dry-run]``: the one-stop figures' summary tables counted again
from the files (cases/figures/tallies.py), for every agency with files or one. The services keep the tables right as
they go; this is for files written around them (a restore, a bulk import) or to check that they are."""

from django.core.management.base import BaseCommand, CommandError

from cases.figures import tallies
from cases.files.models import Case
from qms.core.models import Agency


class Command(BaseCommand):
    help = ("Đếm lại bảng tổng hợp số liệu hồ sơ một cửa từ các hồ sơ (mọi cơ quan có hồ sơ, hoặc --agency). "
            "Recount the one-stop figures' summary tables from the files.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="mã cơ quan (agency code)")
        parser.add_argument("--dry-run", action="store_true",
                            help="chỉ báo số ô sai lệch, không ghi (report the cells that differ, write nothing)")

    def handle(self, *args, agency=None, dry_run=False, **options):
        if agency:
            found = Agency.objects.filter(code=agency).values_list("pk", "code").first()
            if found is None:
                raise CommandError(f"Không có cơ quan mã {agency!r}. (No agency {agency!r}.)")
            agencies = [found]
        else:
            with_files = Case.objects.values_list("agency_id", flat=True).distinct().order_by()
            agencies = list(Agency.objects.filter(pk__in=with_files).order_by("code").values_list("pk", "code"))
        for pk, code in agencies:
            if dry_run:
                wrong = tallies.differences(pk)
                self.stdout.write(f"{code}: {wrong[0]} ô theo tháng, {wrong[1]} ô theo bước sai lệch "
                                  f"({wrong[0]} month cells, {wrong[1]} step cells differ)")
            else:
                months, steps = tallies.rebuild(pk)
                self.stdout.write(f"{code}: {months} ô theo tháng, {steps} ô theo bước ({months} month cells, "
                                  f"{steps} step cells)")
