using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("DispenseStation.Firmware.Esp32")]
[assembly: AssemblyDescription("DispenseStation ESP32 firmware (nanoFramework)")]
[assembly: AssemblyProduct("DispenseStation")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
