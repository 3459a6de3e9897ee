// Reference stand-ins for UnitsNet.nanoFramework.ElectricResistance and .Temperature 5.75.0 (the
// quantities the MAX31865 binding takes and returns). Never run.
namespace UnitsNet
{
    public struct ElectricResistance
    {
        public static ElectricResistance FromOhms(double ohms)
        {
            throw new System.NotSupportedException("stand-in");
        }
    }

    public struct Temperature
    {
        public double DegreesCelsius
        {
            get { throw new System.NotSupportedException("stand-in"); }
        }
    }
}
