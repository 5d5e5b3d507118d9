"""The evals panel of the staff page: run evals, see a report, compare two runs.

Registered in the ``msra.staff_panels`` entry-point group; the UI loads it at run
time and passes its settings and engine, so the UI never imports the evals layer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from assistant.engine import AnswerEngine
from evals.report import LOWER_IS_BETTER
from knowledge.errors import MSRAError
from knowledge.render import escape_markdown
from knowledge.settings import Settings


def render(settings: Settings, engine: AnswerEngine) -> None:
    """Draw the panel."""
    _evals(settings, engine)


def _runs(settings: Settings) -> list[Path]:
    folder = settings.evals.runs_dir
    return sorted((p for p in folder.glob("*") if (p / "summary.json").exists()), reverse=True)


def _evals(settings: Settings, engine: AnswerEngine) -> None:
    if st.button("Run the evals now"):
        from evals.cases import load_cases
        from evals.runner import run_eval

        try:
            with st.spinner("Running eval cases…"):
                cases = load_cases([settings.evals.cases_dir])
                folder = settings.evals.runs_dir / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                run_eval(engine, cases, folder)
        except MSRAError as exc:
            st.error(exc.user_message())
    runs = _runs(settings)
    if not runs:
        st.write("No eval runs yet. Run them here or with `make eval`.")
        return
    chosen = st.selectbox("Run", runs, format_func=lambda p: p.name)
    # The comparison first: after a change, what moved is the first thing to read.
    if len(runs) > 1:
        other = st.selectbox(
            "Compare with", [r for r in runs if r != chosen], format_func=lambda p: p.name
        )
        _show_comparison(other, chosen)
        st.divider()
    _show_report(settings, chosen)


def _bar_height(bars: int) -> int:
    """Tall enough that every bar keeps its label."""
    return max(160, 28 * bars + 60)


def display_name(metric: str) -> str:
    """A metric's name as people read it: "abstention_precision" -> "Abstention precision"."""
    return metric.replace("_", " ").strip().capitalize()


def _rate_chart(rates: dict[str, float], axis_title: str) -> None:
    """Horizontal bars from 0 to 100 %, each labelled in full (Streamlit's bar chart cuts
    labels: "abstention_pre...")."""
    import altair as alt

    values = [{"name": name, "rate": rate} for name, rate in rates.items()]
    chart = (
        alt.Chart(alt.Data(values=values))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X(
                "rate:Q",
                title=axis_title,
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)),
            tooltip=[
                alt.Tooltip("name:N", title="Name"),
                alt.Tooltip("rate:Q", title=axis_title, format=".0%"),
            ],
        )
        .properties(height=_bar_height(len(values)))
    )
    st.altair_chart(chart, width="stretch")


def _show_report(settings: Settings, folder: Path) -> None:
    from evals.report import report_data
    from evals.runner import gate, read_run

    summary, results = read_run(folder)
    data = report_data(summary, results)
    st.markdown(
        f"**{summary.cases} cases, {summary.passed} passed** · "
        f"settings `{summary.settings_hash}` · "
        f"library `{summary.library_version}` · LLM judge: {escape_markdown(summary.llm_judge)}"
    )
    for failure in gate(summary, settings.evals):
        st.error(f"Gate: {escape_markdown(failure)}")
    rates = {
        display_name(k): v
        for k, v in data.metric_rows
        if v is not None and v <= 1 and k not in LOWER_IS_BETTER
    }
    _rate_chart(rates, "Score")
    st.dataframe([{"metric": display_name(k), "value": v} for k, v in data.metric_rows])
    st.subheader("Pass rate by topic")
    _rate_chart({f"{topic} ({n})": rate for topic, n, rate in data.topic_rows}, "Pass rate")
    st.subheader(f"Failing cases ({len(data.failing)})")
    for result in data.failing:
        with st.expander(escape_markdown(f"{result.case_id}: {result.question}")):
            for name, value in result.metrics.items():
                if value["score"] not in (None, 1.0):
                    st.markdown(
                        f"- {escape_markdown(name)}: {escape_markdown(str(value['reason']))}"
                    )
            st.markdown(escape_markdown(result.answer))


def _show_comparison(before: Path, after: Path) -> None:
    from evals.runner import compare

    deltas, flipped = compare(before, after)
    st.dataframe(
        [{"metric": display_name(k), "before": a, "after": b} for k, (a, b) in deltas.items()]
    )
    st.write(f"{len(flipped)} cases flipped")
    for line in flipped:
        st.markdown(f"- {escape_markdown(line)}")
