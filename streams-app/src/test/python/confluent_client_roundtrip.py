#!/usr/bin/python3
"""A third-party client's view of RunLoad: Confluent's Python client (confluent-kafka 1.7, its
legacy confluent_kafka.avro registry client and message serializer, plain Avro, no fastavro).

Usage: confluent_client_roundtrip.py SETTINGS.json

SETTINGS names the broker, the registry, RunLoad's topics, the Avro schemas and the run to produce.
The script produces an athlete profile, a constant-heart-rate run's samples and its run event,
then reads RunLoad's run summaries and alerts with isolation.level=read_committed until a summary
of that run arrives (or the timeout passes), and prints one JSON line per record it read.
"""
import datetime
import json
import sys
import time
import uuid

import confluent_kafka
from confluent_kafka import Consumer, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient, loads
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

UTC = datetime.timezone.utc


def main(path):
    with open(path) as f:
        s = json.load(f)
    topics = s["topics"]
    schemas = {name: loads(text) for name, text in s["schemas"].items()}
    registry = CachedSchemaRegistryClient({"url": s["registry"]})
    serializer = MessageSerializer(registry)
    athlete = s["athlete"]
    run_id = s["runId"]
    start = datetime.datetime.fromtimestamp(s["startEpochMs"] / 1000.0, tz=UTC)
    key = athlete.encode("utf-8")

    producer = Producer({"bootstrap.servers": s["bootstrap"], "enable.idempotence": True, "acks": "all"})
    failures = []

    def delivered(err, _msg):
        if err is not None:
            failures.append(str(err))

    def send(topic, schema, value):
        # RunLoad keys are the athlete id as a plain string; values use Confluent's Avro framing.
        payload = serializer.encode_record_with_schema(topic, schema, value)
        producer.produce(topic, value=payload, key=key, on_delivery=delivered)

    send(topics["profiles"], schemas["AthleteProfile"], {
        "athleteId": athlete, "maxHr": s["maxHr"], "restingHr": s["restingHr"], "lthr": None,
        "birthYear": 1990, "sex": "MALE", "timezone": "UTC", "weekStart": "MONDAY",
        "zoneModel": "KARVONEN", "effectiveFrom": datetime.date(2020, 1, 1)})
    producer.flush(30)
    for offset in range(0, s["durationSec"] + 1, s["sampleEverySec"]):
        send(topics["samples"], schemas["HeartRateSample"], {
            "athleteId": athlete, "runId": run_id, "deviceId": "strap-1", "source": "python",
            "eventTime": start + datetime.timedelta(seconds=offset), "bpm": s["bpm"],
            "speedMps": 3.0, "cadenceSpm": 170, "rrIntervalsMs": None, "plannedType": None})
    producer.flush(30)
    send(topics["runs"], schemas["RunEvent"], {
        "runId": run_id, "athleteId": athlete, "source": "python", "externalId": "py-" + run_id,
        "op": "UPSERT", "sport": "RUN", "startTime": start, "timezone": None,
        "durationSec": s["durationSec"], "movingTimeSec": s["durationSec"],
        "distanceMeters": s["distanceMeters"], "elevationGainMeters": None, "plannedType": "EASY",
        "updatedAt": None})
    remaining = producer.flush(30)
    if failures or remaining:
        sys.exit("produce failed: %s (%d undelivered)" % (failures, remaining))

    consumer = Consumer({"bootstrap.servers": s["bootstrap"], "group.id": "python-" + str(uuid.uuid4()),
                         "isolation.level": "read_committed", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([topics["summaries"], topics["alerts"]])
    deadline = time.monotonic() + s["timeoutSec"]
    seen_summary = False
    try:
        while time.monotonic() < deadline and not seen_summary:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                # The output topics may be unknown to the consumer for a moment; keep polling.
                print(json.dumps({"error": str(msg.error())}), file=sys.stderr)
                continue
            value = serializer.decode_message(msg.value()) if msg.value() is not None else None
            if msg.topic() == topics["summaries"] and value and value.get("runId") == run_id:
                seen_summary = True
            print(json.dumps({"topic": msg.topic(), "key": msg.key().decode("utf-8") if msg.key() else None,
                              "value": value}, default=str), flush=True)
    finally:
        consumer.close()
    print(json.dumps({"client": "confluent-kafka " + confluent_kafka.version()[0],
                      "librdkafka": confluent_kafka.libversion()[0]}), flush=True)
    if not seen_summary:
        sys.exit("no run summary of %s within %s s" % (run_id, s["timeoutSec"]))


if __name__ == "__main__":
    main(sys.argv[1])
