"""Province-scale data set of quality.md (issue 7): ``manage.py seed_scale [--agencies 20] [--scale 1.0] [--seed 42]``.

Deterministic for a given (agencies, scale, seed); needs an empty database (right after migrate).
--scale 1.0 is the full data set; --scale 0.01 runs in seconds (tests use it). The core's Seeder
(qms/core/scale/generate.py) makes agencies and people and runs the subjects' registered generators.
"""

from django.core.management.base import BaseCommand, CommandError

from qms.core.scale.generate import Seeder


class Command(BaseCommand):
    help = "Tạo bộ dữ liệu quy mô tỉnh (mặc định: 20 cơ quan, 10.000 tài liệu, 50.000 lần ban hành…)."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=20)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **options):
        if options["scale"] <= 0 or options["agencies"] < 1:
            raise CommandError("--scale phải > 0 và --agencies ≥ 1.")
        log = (lambda *a: None) if options["quiet"] else (lambda msg: self.stdout.write(msg))
        seeder = Seeder(agencies=options["agencies"], scale=options["scale"], seed=options["seed"],
                        batch=options["batch"], log=log)
        try:
            counts = seeder.run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if not options["quiet"]:
            for label, value in counts.items():
                self.stdout.write(f"{label:40} {value:>10}")
            for name, seconds in sorted(seeder.step_seconds.items(), key=lambda pair: -pair[1]):
                self.stdout.write(f"{'step ' + name:60} {seconds:>8.1f}s")
            for note in seeder.notes:
                self.stdout.write(f"note: {note}")
