<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:", "fifo.xml", "not a regular file" -->
<!-- fifo.xml is a FIFO in the templates folder (errors.sh makes one in
     every folder): opening it for reading used to wait for a writer for
     ever. Only regular files are read. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document">
  <xsl:import href="common/page.xsl"/>
  <xsl:template match="/">
    <xsl:value-of select="document('fifo.xml')"/>
    <xsl:call-template name="page"/>
  </xsl:template>
</xsl:stylesheet>
