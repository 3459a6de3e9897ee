// Reference stand-in for nanoFramework.System.Text 1.3.42 (github nanoframework/System.Text tag v1.3.42:
// Text/Encoding.cs, Text/UTF8Encoding.cs): Encoding is not in nanoFramework's mscorlib. Never run.
namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8
        {
            get { throw new NotSupportedException("stand-in"); }
        }

        public virtual byte[] GetBytes(string s)
        {
            throw new NotSupportedException("stand-in");
        }

        public virtual string GetString(byte[] bytes, int index, int count)
        {
            throw new NotSupportedException("stand-in");
        }
    }
}
