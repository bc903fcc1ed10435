# The tierroute service and worker image (used by docker-compose.yml).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV LITELLM_LOCAL_MODEL_COST_MAP=True \
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
COPY . /app
RUN pip install --no-cache-dir -e '.[serve]' \
    && tierroute train --data classifiers/data/tickets.jsonl --out classifiers/models/tickets.json --cv 0
EXPOSE 8000
CMD ["tierroute", "serve", "--host", "0.0.0.0", "--port", "8000"]
