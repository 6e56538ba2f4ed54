"""The linkage model: splink settings for a profile, training, prediction, save/load.

A :class:`Model` is a trained splink settings dictionary plus the crmlink settings
that produced it (profile, thresholds). It is saved as versioned JSON with a
checksum — never pickle — and reloads to predict identically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from crmlink._version import __version__
from crmlink.errors import BudgetExceededError, CrmlinkError, ModelError
from crmlink.schema import quote_ident
from crmlink.settings import Settings

__all__ = ["MODEL_FORMAT", "MODEL_FORMAT_VERSION", "Model", "load_model"]

MODEL_FORMAT = "crmlink-model"
MODEL_FORMAT_VERSION = 1

_log = logging.getLogger("crmlink")


def _quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _profile_parts(profile: str) -> tuple[list[dict[str, Any]], list[str], list[str], list[str]]:
    """Comparisons, prediction blocking rules, EM rules and deterministic rules."""
    if profile == "plain":
        from crmlink.comparisons import (
            plain_blocking_rules,
            plain_comparisons,
            plain_training_rules,
        )

        comps = plain_comparisons()
        rules = [r["blocking_rule"] for r in plain_blocking_rules()]
        train = [r["blocking_rule"] for r in plain_training_rules()]
        det = ['l."p_email" = r."p_email" AND l."p_first" = r."p_first"',
               'l."p_phone" = r."p_phone" AND l."p_last" = r."p_last"']
        return comps, rules, train, det
    from crmlink.comparisons import crm_profile

    return crm_profile()


@dataclass
class Model:
    """A trained crmlink model.

    ``splink_settings`` is a complete splink settings dict (with m and u values);
    ``settings`` the crmlink :class:`~crmlink.settings.Settings` it was trained with.
    """

    settings: Settings
    splink_settings: dict[str, Any]
    training_log: list[dict[str, Any]] = field(default_factory=list)
    crmlink_version: str = __version__

    # ---- persistence -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON document (with checksum) that :meth:`save` writes."""
        body = {
            "crmlink_version": self.crmlink_version,
            "settings": self.settings.to_dict(),
            "splink": self.splink_settings,
            "training_log": self.training_log,
        }
        return {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "checksum": _checksum(body),
            **body,
        }

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON (UTF-8) and return the path."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        tmp.replace(p)
        return p

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Model:
        """Validate and rebuild a model from its JSON document."""
        if not isinstance(doc, dict) or doc.get("format") != MODEL_FORMAT:
            raise ModelError("not a crmlink model file (format marker missing)")
        version = doc.get("format_version")
        if not isinstance(version, int) or version > MODEL_FORMAT_VERSION:
            raise ModelError(
                f"model file format version {version!r} is newer than this crmlink "
                f"supports ({MODEL_FORMAT_VERSION}); upgrade crmlink to read it"
            )
        body = {k: doc.get(k) for k in ("crmlink_version", "settings", "splink", "training_log")}
        if doc.get("checksum") != _checksum(body):
            raise ModelError("model file checksum does not match its content (edited or damaged)")
        try:
            settings = Settings.from_dict(body["settings"] or {})
        except Exception as exc:
            raise ModelError(f"model file has invalid settings: {exc}") from None
        if not isinstance(body["splink"], dict) or "comparisons" not in body["splink"]:
            raise ModelError("model file has no splink comparisons")
        return cls(
            settings=settings,
            splink_settings=body["splink"],
            training_log=list(body["training_log"] or []),
            crmlink_version=str(body["crmlink_version"]),
        )

    # ---- inspection --------------------------------------------------------------
    @property
    def comparison_names(self) -> list[str]:
        """Output column names of the model's comparisons."""
        return [c["output_column_name"] for c in self.splink_settings["comparisons"]]

    def parameters(self) -> list[dict[str, Any]]:
        """One row per comparison level: comparison, level, label, m, u, match weight."""
        import math

        rows = []
        for comp in self.splink_settings["comparisons"]:
            levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
            n = len(levels)
            for i, lv in enumerate(levels):
                m, u = lv.get("m_probability"), lv.get("u_probability")
                w = math.log2(m / u) if m and u else None
                rows.append({
                    "comparison": comp["output_column_name"],
                    "level": n - 1 - i,
                    "label": lv.get("label_for_charts", ""),
                    "m_probability": m,
                    "u_probability": u,
                    "match_weight": w,
                })
        return rows


def _checksum(body: dict[str, Any]) -> str:
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load_model(path: str | Path) -> Model:
    """Load a model saved by :meth:`Model.save`.

    Raises :class:`~crmlink.errors.ModelError` for a missing, damaged, tampered or
    newer-format file.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "model.json"
    try:
        doc = json.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model file at {p}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{p.name} is not valid JSON") from None
    return Model.from_dict(doc)


# ---- training and prediction ---------------------------------------------------------

_EQUI = re.compile(r'l\.("(?:[^"]|"")+"|\w+)\s*=\s*r\.\1')


def _rule_columns(rule: str) -> list[str] | None:
    """Equi-join columns of a blocking rule, or ``None`` if it has other conditions."""
    cols = _EQUI.findall(rule)
    stripped = _EQUI.sub("", rule)
    stripped = re.sub(r"[\s()]|AND", "", stripped, flags=re.IGNORECASE)
    if not cols or stripped:
        return None
    return [c.strip('"').replace('""', '"') for c in cols]


def count_candidate_pairs(con: duckdb.DuckDBPyConnection, table: str, rules: Sequence[str]) -> int:
    """Upper bound of candidate pairs the rules generate (sum over rules of the
    within-block pair counts; pairs found by several rules are counted once each)."""
    total = 0
    for rule in rules:
        cols = _rule_columns(rule)
        if cols is None:
            continue
        keys = ", ".join(quote_ident(c) for c in cols)
        notnull = " AND ".join(f"{quote_ident(c)} IS NOT NULL" for c in cols)
        n = con.execute(
            f"SELECT coalesce(sum(n * (n - 1) / 2), 0)::HUGEINT FROM "
            f"(SELECT count(*) AS n FROM {quote_ident(table)} WHERE {notnull} GROUP BY {keys})"
        ).fetchall()[0]
        total += int(n[0])
    return total


def build_splink_settings(
    settings: Settings, present_columns: Sequence[str], existing: Sequence[str] | None = None
) -> dict[str, Any]:
    """The untrained splink settings dict for ``settings`` on a table whose non-null
    columns are ``present_columns`` and whose columns are ``existing``.

    A comparison is kept when all its columns exist and at least one holds data; a
    blocking rule when all its columns hold data.
    """
    comps, rules, _, _ = _profile_parts(settings.profile)
    if settings.comparisons is not None:
        comps = [dict(c) for c in settings.comparisons]
    if settings.blocking_rules is not None:
        rules = list(settings.blocking_rules)
    present = set(present_columns)
    exists = set(existing) if existing is not None else present
    comps = [c for c in comps
             if _comparison_columns(c) <= exists and _comparison_columns(c) & present]
    rules = [r for r in rules if _rule_usable(r, present)]
    if not comps:
        raise CrmlinkError("no comparison applies to the columns of this input")
    if not rules:
        raise CrmlinkError("no blocking rule applies to the columns of this input")
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "comparisons": comps,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": r, "sql_dialect": "duckdb"} for r in rules
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.0001,
        "max_iterations": 25,
        "probability_two_random_records_match": 0.0001,
    }


def _rule_usable(rule: str, present: set[str]) -> bool:
    cols = _rule_columns(rule)
    if cols is not None:
        return set(cols) <= present
    used = {m.strip('"') for m in re.findall(r'[lr]\.("(?:[^"]|"")+"|\w+)', rule)}
    return used <= present


def _comparison_columns(comp: dict[str, Any]) -> set[str]:
    cols: set[str] = set()
    for lv in comp["comparison_levels"]:
        cols |= {m[:-2] for m in re.findall(r'"(\w+?_[lr])"', lv["sql_condition"])}
    return cols


def _linker(con: duckdb.DuckDBPyConnection, table: str, splink_settings: dict[str, Any]) -> Any:
    from splink import DuckDBAPI, Linker

    _quiet_splink()
    db = DuckDBAPI(connection=con)
    sdf = db.register(table)
    return Linker(sdf, splink_settings, log_level=None)


def train(
    con: duckdb.DuckDBPyConnection, table: str, settings: Settings, present: Sequence[str]
) -> tuple[Model, Any]:
    """Train a model without labels on ``table`` (standardised records).

    Steps: probability two random records match from strict deterministic rules,
    u by random sampling (bounded pairs, seeded), then EM on complementary blocks.
    Returns the model and the live splink linker.
    """
    _, _, em_rules, det_rules = _profile_parts(settings.profile)
    if settings.training_rules is not None:
        em_rules = list(settings.training_rules)
    existing = [r[0] for r in con.execute(f"DESCRIBE {quote_ident(table)}").fetchall()]
    ss = build_splink_settings(settings, present, existing)
    linker = _linker(con, table, ss)
    log: list[dict[str, Any]] = []
    det_rules = [r for r in det_rules if _rule_usable(r, set(present))]
    n = int(con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchall()[0][0])
    prior = None
    if det_rules:
        linker.training.estimate_probability_two_random_records_match(det_rules, recall=0.6)
        prior = linker._settings_obj._probability_two_random_records_match
    if not prior or not 0 < prior < 1:
        # No usable deterministic evidence: assume about one duplicate per record.
        prior = min(0.5, 1.0 / max(n, 2))
        linker._settings_obj._probability_two_random_records_match = prior
    log.append({"step": "prior", "probability_two_random_records_match": prior})
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_max_pairs, seed=settings.seed
    )
    log.append({"step": "u", "max_pairs": settings.u_max_pairs, "seed": settings.seed})
    for rule in em_rules:
        if not _rule_usable(rule, set(present)):
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=settings.em_max_pairs, estimate_without_term_frequencies=True
            )
            log.append({"step": "em", "blocking_rule": rule})
        except Exception as exc:  # a block with no pairs: skip it, record why
            log.append({"step": "em", "blocking_rule": rule, "skipped": type(exc).__name__})
    trained = linker.misc.save_model_to_json()
    return Model(settings=settings, splink_settings=trained, training_log=log), linker


def predict(
    con: duckdb.DuckDBPyConnection,
    table: str,
    model: Model,
    *,
    out_table: str = "crm_pairs",
    n_records: int | None = None,
) -> str:
    """Score candidate pairs of ``table`` with ``model`` into ``out_table``.

    Checks the candidate-pair budget first, and predicts in chunks for large inputs
    so memory stays bounded.
    """
    settings = model.settings
    rules = [r["blocking_rule"] for r in model.splink_settings[
        "blocking_rules_to_generate_predictions"]]
    bound = count_candidate_pairs(con, table, rules)
    if bound > settings.max_comparisons:
        raise BudgetExceededError(
            f"blocking would create about {bound:,} candidate pairs, over the budget of "
            f"{settings.max_comparisons:,} (Settings.max_comparisons); use stricter "
            "blocking rules or raise the budget",
            count=bound,
        )
    linker = _linker(con, table, model.splink_settings)
    chunks = settings.predict_chunks
    if chunks is None:
        chunks = 1 if bound < 20_000_000 else min(16, 1 + bound // 20_000_000)
    res = linker.inference.predict(
        threshold_match_probability=settings.min_pair_probability,
        num_chunks_left=chunks if chunks > 1 else None,
        num_chunks_right=1 if chunks > 1 else None,
        warning_mode="never",
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {quote_ident(out_table)} AS SELECT * FROM "
        f"{res.physical_name} ORDER BY record_id_l, record_id_r"
    )
    res.drop_table_from_database_and_remove_from_cache()
    return out_table
