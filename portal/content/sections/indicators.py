"""Indicators: the profiles ("Steckbriefe") of the Kennzahlenkatalog; their values are in data.csv."""
from __future__ import annotations

from .. import mappings
from ..fields import Field, Section, When, _l
from ..records_base import IndicatorBase
from .common import TAIL, head

AGGREGATES = (("none", _l("none")), ("sum", _l("sum")), ("mean", _l("mean")), ("weighted", _l("weighted mean")))
DIRECTIONS = (("neutral", _l("neutral")), ("higher_is_better", _l("higher is better")),
              ("lower_is_better", _l("lower is better")))

INDICATORS = Section("indicators", _l("Indicator profile"), record="Indicator", base=IndicatorBase, data_file="data.csv",
                     fields=head(False, True) + (
    Field("number", "string", _l("Catalogue number (e.g. K-12)"), required=True, search="summary"),
    Field("field", "key", _l("Topic field"), required=True, vocabulary="indicator_fields", search="facet:field"),
    Field("stage", "key", _l("Education stage"), vocabulary="education_stages"),
    Field("unit", "string", _l("Unit"), required=True, per_language=True, max_length=100, search="summary",
          help=_l("E.g. Prozent, Anzahl, je 1.000 Einwohner.")),
    Field("definition", "text", _l("Definition (numerator / denominator)"), required=True, per_language=True,
          search="summary"),
    Field("source", "text", _l("Source (with table code)"), required=True, per_language=True, search="summary"),
    Field("update_cycle", "string", _l("Update cycle"), per_language=True, max_length=100),
    Field("aggregate", "choice", _l("Value for the whole region"), choices=AGGREGATES, default="none"),
    Field("related", "list of slugs", _l("Related indicators"), refers_to="indicators", contract_type="list of indicator slugs"),
    Field("sample_data", "bool", _l("The values are illustrative (sample data)"),
          help=_l("The portal then says so beside every chart, table and download.")),
    Field("direction", "choice", _l("Reading direction"), choices=DIRECTIONS, default="neutral",
          help=_l("How ranks and colour scales read the values.")),
    Field("decimals", "int", _l("Decimal places shown"), minimum=0, maximum=3, default=1, contract_type="int 0–3"),
    Field("licence", "string", _l("Licence of the data"), default=None, help=_l("E.g. dl-de/by-2-0.")),
    Field("weight_by", "slug", _l("Weighted by"), default=None, refers_to="indicators", required_when=When("aggregate", ("weighted",)),
          required_message=_l("a weighted mean needs 'weight_by': the indicator whose values weight it"),
          contract_type="indicator slug",
          help=_l("For a weighted mean: the indicator whose values (same region and year) weight it, e.g. the population.")),
    Field("breakdowns", "mapping", _l("Labels of the breakdowns (YAML)"), parse=mappings.breakdowns, widget="yaml", default={},
          contract_type="mapping column → `{de, en, values: {key: {de, en}}}`",
          help=_l("For each further column of data.csv: its label in German and English and those of its values.")),
) + TAIL)
