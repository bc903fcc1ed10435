"""One module per resource, each exporting ``router`` (an APIRouter)."""
