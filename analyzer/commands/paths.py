"""`korelint paths`: the fewest conversations that take every transition of each dialog, as a
test plan (issue 15)."""
from __future__ import annotations

import argparse
import io

from ..config import Config
from ..reporters.paths import FORMATS, Plans
from .common import CommandError, Exit, tell, write_report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("For each dialog, the smallest set of conversations (walks from the entry to an "
                     "end) that together take every transition that can be taken, and what the "
                     "tester says or arranges at each step.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="payload files ('-' for stdin)")
    p.add_argument("--dialog", action="append", default=[], metavar="NAME",
                   help="only this dialog (its name or id; repeat for several)")
    p.add_argument("--format", "-f", choices=sorted(FORMATS), default="text", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the plan here instead of stdout")
    p.add_argument("--max-paths", type=int, default=None, metavar="N",
                   help="show at most N paths per dialog (the rest are counted)")


def run(args) -> int:
    if args.max_paths is not None and args.max_paths < 0:
        raise CommandError("--max-paths must be 0 or more")
    from .. import pipeline  # the analysis, imported by the commands that run it
    from ..credentials.mask import scrubber
    from ..paths.plan import plan

    config = Config(select=["KL501"])  # the credential scan: whatever the plan quotes is masked
    outcome = pipeline.analyze(args.paths, config, keep=True, use_baseline=False)
    tell(outcome, config)
    if outcome.errors and not outcome.result.inputs:
        return Exit.ERROR
    wanted = set(args.dialog)
    plans = Plans(inputs=[{"path": i.path, "kind": i.kind} for i in outcome.result.inputs])
    secrets: set[str] = set()
    for analysis in outcome.result.documents:
        doc = analysis.document
        secrets |= doc.secrets
        for flow in analysis.flows:
            d = flow.dialog
            if wanted and d.name not in wanted and d.id not in wanted:
                continue
            plans.dialogs.append(plan(doc.path, flow, args.max_paths, tuple(doc.languages), doc.sentences))
            plans.bots.append((doc.name, None))
    if wanted and not plans.dialogs:
        raise CommandError(f"no dialog named {', '.join(sorted(wanted))!r} in the input(s)")
    mask = scrubber(secrets) if secrets else None

    def render(result: Plans, stream) -> None:
        if mask is None:
            FORMATS[args.format](result, stream)
            return
        buffer = io.StringIO()
        FORMATS[args.format](result, buffer)
        stream.write(mask(buffer.getvalue()))

    write_report(render, plans, args.output)
    return Exit.ERROR if outcome.errors else Exit.OK
