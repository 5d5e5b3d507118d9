"""The Streamlit UI: a thin layer over the answer engine (logic lives in pure helpers)."""
