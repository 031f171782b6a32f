"""Data series in content/data/: each a CSV, XLSX or Parquet file with a YAML that
says where it comes from and how to read it, and the figures derived from its
series. pandas is imported only when a project has datasets to read.

    from briefgen.data import load_datasets, write_dataset
"""

from __future__ import annotations

from briefgen.data.load import as_figures, dataset_paths, load_datasets
from briefgen.data.points import expand_data_charts
from briefgen.data.write import write_dataset

__all__ = [
    "as_figures",
    "dataset_paths",
    "expand_data_charts",
    "load_datasets",
    "write_dataset",
]
