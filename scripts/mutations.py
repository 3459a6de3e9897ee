"""The deliberate bugs of scripts/mutate.sh: each is one exact text replacement in one file, and the
tests that must catch it. `list` prints name, test project and filter; `apply`/`revert` edit a checkout."""
import sys, pathlib

M = [
    # name, file, original text, mutant text, test project, test filter
    ("estop-path", "firmware/DispenseStation.Firmware/Station/StationRuntime.cs",
     "if (_supervisor.EStopActive && s != PackMlState.Aborting && s != PackMlState.Aborted)",
     "if (_supervisor.EStopActive && s != PackMlState.Aborting && s != PackMlState.Aborted && s != PackMlState.Held)",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Station"),
    ("fault-latch-reset", "firmware/DispenseStation.Firmware/Thermal/ThermalSafety.cs",
     "if (_badReads > 0 || !(_latestC < _limits.MaxTemperatureC)) return false;",
     "if (_badReads > 0 || !(_latestC < _limits.MaxTemperatureC) || (_fault >= ThermalFault.SensorOpen && _fault <= ThermalFault.SensorStuck)) return false;",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Thermal"),
    ("outbox-drops-newest", "firmware/DispenseStation.Firmware/Station/Link/Outbox.cs",
     "            {\n                DropOldest();\n                Lost++;\n            }",
     "            {\n                Lost++;\n                return;\n            }",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Station"),
    ("crc-check", "firmware/DispenseStation.Firmware/Station/Persistence/DurableRecordStore.cs",
     "if (Crc32.Compute(raw, 0, HeaderBytes + len) != GetUInt32(raw, HeaderBytes + len)) return false;",
     "if (false && Crc32.Compute(raw, 0, HeaderBytes + len) != GetUInt32(raw, HeaderBytes + len)) return false;",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Station"),
    ("pid-sign", "firmware/DispenseStation.Firmware/Thermal/PidController.cs",
     "double error = setpoint - measurement;",
     "double error = measurement - setpoint;",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Thermal"),
    ("anti-windup", "firmware/DispenseStation.Firmware/Thermal/PidController.cs",
     "_integral += increment + ts / TrackingTime() * (output - unlimited);",
     "_integral += increment;",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~Thermal"),
    ("acl-station-publishes-anywhere", "gateway/DispenseStation.Gateway/Mqtt/TopicAccessPolicy.cs",
     "if (!StationId.IsValid(who.Name)) return false;\n        return topic == Topics.State(who.Name)",
     "if (!StationId.IsValid(who.Name)) return false;\n        return true || topic == Topics.State(who.Name)",
     "tests/DispenseStation.Gateway.Tests", "FullyQualifiedName~TopicAccessPolicy|FullyQualifiedName~Acl"),
    ("in-flight-learning-frozen", "firmware/DispenseStation.Firmware/Dosing/InFlightLearner.cs",
     "if (_learned[channel]) _grams[channel] += _gain[channel] * (clamped - _grams[channel]);",
     "if (_learned[channel]) _grams[channel] += 0 * (clamped - _grams[channel]);",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~InFlight"),
    ("stuck-pump-detection", "firmware/DispenseStation.Firmware/Dosing/PumpRunawayWatch.cs",
     "if (!(rise > _minRiseGrams) || rise > _maxRiseGrams) return false;",
     "if (!(rise > 50 * _minRiseGrams) || rise > _maxRiseGrams) return false;",
     "tests/DispenseStation.Firmware.Tests", "FullyQualifiedName~PumpInterlock"),
    ("claim-bound-inclusive", "gateway/DispenseStation.Composition/Claims/RecipeFacts.cs",
     "return value >= min - eps && value <= max + eps;",
     "return value > min + eps && value <= max + eps;",
     "tests/DispenseStation.Composition.Tests", "FullyQualifiedName~Boundary"),
]


def find(name):
    for m in M:
        if m[0] == name:
            return m
    raise SystemExit("unknown mutation " + name)


def main():
    cmd = sys.argv[1]
    if cmd == "list":
        for m in M:
            print("\t".join((m[0], m[4], m[5])))
        return
    name, repo = sys.argv[2], pathlib.Path(sys.argv[3])
    _, path, original, mutant, _, _ = find(name)
    f = repo / path
    text = f.read_text(encoding="utf-8")
    if cmd == "apply":
        n = text.count(original)
        if n != 1:
            raise SystemExit(f"{path}: the original text occurs {n} times (expected once)")
        f.write_text(text.replace(original, mutant), encoding="utf-8")
    elif cmd == "revert":
        f.write_text(text.replace(mutant, original, 1), encoding="utf-8")


main()
