namespace DispenseStation.Simulation.Thermal;

/// <summary>Faults the simulated RTD/converter can be given.</summary>
public enum RtdFault
{
    None,
    /// <summary>Broken RTD wire: full-scale code, high-threshold fault.</summary>
    Open,
    /// <summary>Shorted RTD: near-zero code, low-threshold fault.</summary>
    Short,
    /// <summary>SPI bus dead: no answer.</summary>
    NoResponse,
    /// <summary>Converter keeps returning its last result.</summary>
    Stuck,
    /// <summary>Readings offset by a fixed amount from now on (a connector or a bit flip).</summary>
    Jump,
}
