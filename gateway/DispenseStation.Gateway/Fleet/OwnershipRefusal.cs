using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// The answer of an instance asked to act for a station it does not own: 409 naming the owner (the caller sends the
/// request there), or 503 while nobody holds the station (its lease is changing hands). Not forwarded: the caller's
/// credentials and the request's audit belong to the instance that carries it out.
/// </summary>
public static class OwnershipRefusal
{
    public static void ThrowUnlessOwned(IStationOwnership ownership, string stationId)
    {
        if (ownership.Owns(stationId)) return;
        if (ownership.OwnerOf(stationId) is { } owner)
            throw new RequestRejectedException(409, "station run by another gateway instance",
                [new ApiError("station", $"station '{stationId}' is run by gateway instance '{owner}': send the request to that instance")]);
        throw new RequestRejectedException(503, "station has no owner",
            [new ApiError("station", $"no gateway instance holds station '{stationId}' now (its lease is changing hands, at most Gateway:Fleet:LeaseSeconds): retry shortly")]);
    }
}
