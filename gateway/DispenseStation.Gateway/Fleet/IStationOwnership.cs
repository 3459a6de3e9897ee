namespace DispenseStation.Gateway.Fleet;

/// <summary>Whether this gateway instance may orchestrate a station (start batches and bake jobs, send commands).</summary>
public interface IStationOwnership
{
    bool Owns(string stationId);

    /// <summary>Who holds the station, for a refusal that names them; null when unknown or this instance.</summary>
    string? OwnerOf(string stationId);
}

/// <summary>One gateway (Gateway:Fleet:Enabled false): it owns every station.</summary>
public sealed class SingleGatewayOwnership : IStationOwnership
{
    public bool Owns(string stationId) => true;
    public string? OwnerOf(string stationId) => null;
}
