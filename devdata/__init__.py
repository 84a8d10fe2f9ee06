"""Development-only data: the West Yorkshire demo (`load_demo`) and the national-scale
data set for benchmarks (`generate_scale_data`). The development, test and benchmark
settings install this app; the production settings do not (docs/decisions/0006)."""
