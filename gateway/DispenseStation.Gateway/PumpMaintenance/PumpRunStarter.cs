using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Starts and stops pump runs on a station for the API: validate, check the station is free, send, record.</summary>
public sealed class PumpRunStarter(StationPreparation preparation, CommandSender commands, TuningRegistry tuning, PumpRunRecorder recorder,
    StationRegistry registry, Records.AuditTrail audit, TimeProvider time)
{
    public async Task<IResult> StartAsync(string id, string procedure, PumpRunRequestBody? body, string user, CancellationToken ct)
    {
        if (body is null)
            throw RequestRejectedException.BadRequest("body", procedure == CommandNames.CalibratePump
                ? "a JSON object with channel, speeds (or none for the default set) and seconds or grams per speed is required"
                : "a JSON object with channel, speed and seconds or grams is required");
        if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
        // A calibration that names no speeds runs the default set; the gateway names them, so the record shows what ran.
        // Rounded as the command writes them, so a duplicate on the wire is refused as one and the record holds what was sent.
        double[]? speeds = procedure == CommandNames.CalibratePump && body.Speeds is null && body.Speed is null ? PumpCommands.DefaultCalibrationSpeeds()
            : body.Speeds?.Select(v => Math.Round(v, Decimals.Duty, MidpointRounding.AwayFromZero)).ToArray();
        void Fill(CommandMessage m)
        {
            m.Channel = body.Channel ?? -1;
            m.Speed = body.Speed ?? double.NaN;
            m.Speeds = speeds;
            m.Seconds = body.Seconds ?? double.NaN;
            m.Grams = body.Grams ?? double.NaN;
        }
        if (body.Channel is < 0) throw RequestRejectedException.BadRequest(PumpCommands.ChannelField, "must be between 0 and " + (Limits.MaxChannels - 1));
        Api.ProtocolCheck.Command(procedure, Fill);

        using (await preparation.EnterAsync(ct))
        {
            // Dose alarms (no-flow, under-tolerance) are what a prime is for: they do not block it; the station refuses what does.
            var station = await preparation.CheckReadyAsync(id, allowAlarms: true, ct);
            if (tuning.Find(id)?.AutotuneRunning == true) throw RequestRejectedException.Conflict("station", $"station '{id}' is running an autotune");
            await preparation.MakeIdleAsync(station, ct);
            var outcome = await commands.SendAsync(id, procedure, ct: ct, arguments: Fill);
            if (!outcome.Accepted)
                return Results.Json(new ApiErrorBody("command rejected by the station", 409,
                    [new ApiError("command", $"{id} rejected {procedure}: {outcome.Reason}")]), statusCode: 409);
            var request = new PumpRunRequest(outcome.Id, id, procedure, body.Channel!.Value, body.Speed, body.Seconds, body.Grams, user, time.GetUtcNow(),
                procedure == CommandNames.CalibratePump ? speeds : null);
            await recorder.StartedAsync(request, ct);
            return Results.Accepted($"/api/stations/{id}/maintenance/pump-runs", request);
        }
    }

    public async Task<IResult> StopAsync(string id, string user, CancellationToken ct)
    {
        var s = registry.Find(id) ?? throw RequestRejectedException.NotFound("id", $"no station '{id}'");
        if (!s.Online) throw RequestRejectedException.Conflict("station", $"station '{id}' is offline");
        var running = recorder.RunningOn(id) ?? throw RequestRejectedException.Conflict("station", $"station '{id}' is not running a pump");
        var outcome = await commands.SendAsync(id, CommandNames.Stop, ct: ct);
        if (!outcome.Accepted)
            return Results.Json(new ApiErrorBody("command rejected by the station", 409,
                [new ApiError("command", $"{id} rejected stop: {outcome.Reason}")]), statusCode: 409);
        await audit.AppendAsync(new Records.AuditAction(user, Storage.AuditEntity.Parameter, id + "/pumps", "pump-run-stopped", null, null,
            StationId: id, Details: "stopped " + running), ct);
        return Results.Ok(outcome);
    }
}
