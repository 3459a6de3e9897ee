namespace DispenseStation.Protocol.Bake
{
    /// <summary>
    /// The bake-job commands (their names are also in <see cref="Messages.CommandNames"/>): bake-job
    /// carries "job" (a <see cref="BakeJobSpec"/>); wafer-down (the operator's button: the wafer is
    /// on the plate) and wafer-removed (the operator took it off) carry "wafer", the index the
    /// operator saw, so a late press cannot be applied to the next wafer. wafer-down may carry
    /// "alreadyDown": true (the operator says the wafer was already down when the station withdrew its
    /// provisional wafer-down): the wafer-down is back-dated to that withdrawn landing, source
    /// operator-backdated, or refused when there is none or it is older than the job's maxBackdateS.
    /// </summary>
    public static class BakeCommands
    {
        public const string JobField = "job";
        public const string WaferField = "wafer";
        public const string AlreadyDownField = "alreadyDown";
    }
}
